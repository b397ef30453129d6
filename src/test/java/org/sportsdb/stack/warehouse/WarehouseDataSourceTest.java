package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What the warehouse's data source shows of itself in a log line: never a password, wherever it was written. */
class WarehouseDataSourceTest {

    @Test
    void aPasswordInTheUrlIsMasked() {
        assertEquals("jdbc:clickhouse://ch:8123/dw?user=app&password=xxxxxx&ssl=true as app",
                new WarehouseDataSource("jdbc:clickhouse://ch:8123/dw?user=app&password=s3cret-x&ssl=true", "app", "other").toString());
        assertEquals("jdbc:clickhouse:http://app:xxxxxx@ch:8123/dw",
                new WarehouseDataSource("jdbc:clickhouse:http://app:s3cret-x@ch:8123/dw", "", "").toString());
        assertEquals("jdbc:ch://ch/dw;PASSWORD=xxxxxx", WarehouseDataSource.masked("jdbc:ch://ch/dw;PASSWORD=s3cret"));
        assertEquals("jdbc:clickhouse://ch:8123/dw", WarehouseDataSource.masked("jdbc:clickhouse://ch:8123/dw"));
    }
}

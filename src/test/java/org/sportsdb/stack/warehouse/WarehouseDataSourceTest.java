package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void theRefusalOfAUrlThatIsNotClickHouseNamesItMasked() {
        WarehouseDataSource h2 = new WarehouseDataSource("jdbc:h2:mem:dw;USER=app;PASSWORD=s3cret-x", "", "");
        String message = assertThrows(IllegalStateException.class, h2::newClient).getMessage();
        assertFalse(message.contains("s3cret"), message);
        assertTrue(message.endsWith("was jdbc:h2:mem:dw;USER=app;PASSWORD=xxxxxx"), message);
    }
}

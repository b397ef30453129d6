package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The splitting and checksum rules shared with warehouse/check/warehouse_sql.py. */
class StatementSplitterTest {

    @Test
    void splitsAtLinesEndingWithASemicolonOutsideCommentLines() {
        String sql = "-- header;\n"
                + "CREATE TABLE a (x String DEFAULT 'a;b') ENGINE = Memory;  \n"
                + "\n"
                + "-- only a comment here;\n"
                + "\n"
                + "CREATE VIEW v AS\n"
                + "SELECT 1; -- not the end: the line ends with a comment\n"
                + "SELECT 2\n";
        assertEquals(List.of(
                "-- header;\nCREATE TABLE a (x String DEFAULT 'a;b') ENGINE = Memory",
                "-- only a comment here;\n\nCREATE VIEW v AS\nSELECT 1; -- not the end: the line ends with a comment\nSELECT 2"),
                StatementSplitter.split(sql));
    }

    @Test
    void skipsChunksOfOnlyCommentsAndBlankLinesAndKeepsTrailingCode() {
        assertEquals(List.of(), StatementSplitter.split("-- nothing\n\n   \n-- at all;\n"));
        assertEquals(List.of("SELECT 1", "SELECT 2"), StatementSplitter.split("SELECT 1;\r\nSELECT 2"));
    }

    @Test
    void checksumIgnoresCrlfAndChangesWithContent() {
        String lf = MigrationChecksum.of("SELECT 1;\nSELECT 2;\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(lf, MigrationChecksum.of("SELECT 1;\r\nSELECT 2;\r\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(lf.matches("[0-9a-f]{64}"), lf);
        assertFalse(lf.equals(MigrationChecksum.of("SELECT 1;\nSELECT 3;\n".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void theWarehouseMigrationsAreAllReadableInOrder() {
        List<Migration> migrations = new MigrationFiles(Path.of("warehouse/migrations")).list();
        assertTrue(migrations.size() >= 7, migrations.toString());
        for (int i = 0; i < migrations.size(); i++) {
            Migration m = migrations.get(i);
            assertEquals(i + 1, m.version(), "versions 1..n without gaps");
            assertFalse(m.statements().isEmpty(), m.fileName());
            m.statements().forEach(s -> assertFalse(s.stripTrailing().endsWith(";"), m.fileName() + ": " + s));
        }
    }
}

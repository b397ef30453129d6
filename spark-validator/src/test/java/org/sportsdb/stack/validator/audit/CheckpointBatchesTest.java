package org.sportsdb.stack.validator.audit;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checkpoint folder read through Hadoop's file system API: given as a URI ({@code file://…}, as a cluster gives
 * {@code hdfs://…} or {@code s3a://…}) it is read as Spark wrote it (a path-only reading found no such folder and
 * silently turned the counts-lost recovery off); the audit marker and the kept (pending) records are written there.
 */
class CheckpointBatchesTest {

    @Test
    void aCheckpointGivenAsAUriIsReadAndWritten() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "checkpoint-uri-");
        write(dir.resolve("metadata"), "{\"id\":\"q-1\"}\n");
        write(dir.resolve("sources/0/0"), "\0v1\n{\"soccer.x\":{\"0\":2}}");
        write(dir.resolve("offsets/0"), "v1\n{\"batchWatermarkMs\":0,\"batchTimestampMs\":1000}\n{\"soccer.x\":{\"0\":5}}");
        write(dir.resolve("offsets/1"), "v1\n{\"batchWatermarkMs\":0,\"batchTimestampMs\":2000}\n{\"soccer.x\":{\"0\":9}}");
        write(dir.resolve("commits/0"), "v1\n{}");
        write(dir.resolve("commits/1"), "v1\n{}");

        CheckpointBatches c = new CheckpointBatches(dir.toUri().toString(), new Configuration());

        assertTrue(c.dir().startsWith("file:"), c.dir());
        assertEquals("q-1", c.queryId());
        assertEquals(List.of(0L, 1L), c.committedAfter(-1));
        assertEquals(Map.of("soccer.x", Map.of(0, 2L)), c.startOffsets(0));
        assertEquals(Map.of("soccer.x", Map.of(0, 5L)), c.startOffsets(1));
        assertEquals(Map.of("soccer.x", Map.of(0, 9L)), c.endOffsets(1));
        assertEquals(2000, c.timestamp(1));
        assertNull(c.endOffsets(7), "a purged batch");

        assertEquals(-1, c.lastAudited());
        c.markAudited(0);
        c.markAudited(1);
        assertEquals(1, c.lastAudited());
        assertEquals(List.of(), c.committedAfter(c.lastAudited()));

        c.keepPending(1, "q-1:1", "{\"batch_id\":1}");
        assertArrayEquals(new String[] {"q-1:1", "{\"batch_id\":1}"}, c.pending().get(1L));
        c.written(1);
        assertEquals(Map.of(), c.pending());
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}

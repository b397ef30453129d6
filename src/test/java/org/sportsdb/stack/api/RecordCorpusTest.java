package org.sportsdb.stack.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.feeds.OnDemandRuns;

/**
 * {@code ./stack record}, tested against the replay server itself: recording the answers of a feed
 * run gives back, file for file, the corpus the replay server served.
 */
class RecordCorpusTest {

    @Test
    void recordingTheLiveScoreFeedWritesTheCorpusItWasServed(@TempDir Path recorded) throws Exception {
        List<String> corpusFiles;
        try (ReplayServer api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0)) {
            Map<String, String> settings = TestStack.settings(api.baseUrl());
            settings.put("sportsdb.record-dir", recorded.toString());
            settings.put("feeds.live-event-lookup.enabled", "false");
            Main app = TestStack.startApp(settings);
            try {
                new OnDemandRuns(app.getCamelContext()).runOnce(List.of("live-score"));
            } finally {
                app.stop();
            }
        }
        corpusFiles = new java.util.ArrayList<>(relativeFiles(TestStack.DEFAULT_CORPUS.resolve("api/v2/json/livescore")));
        corpusFiles.remove("soccer.json"); // the one /livescore/soccer answer: the test apps ask each league
        assertFalse(corpusFiles.isEmpty());
        assertEquals(corpusFiles, relativeFiles(recorded.resolve("api/v2/json/livescore")), "one file per answer, same layout");
        ObjectMapper json = new ObjectMapper();
        for (String file : corpusFiles) {
            assertEquals(json.readTree(TestStack.DEFAULT_CORPUS.resolve("api/v2/json/livescore").resolve(file).toFile()),
                    json.readTree(recorded.resolve("api/v2/json/livescore").resolve(file).toFile()), file);
        }
    }

    private static List<String> relativeFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}

package org.sportsdb.stack.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * The triage's settings in the application's application.properties are the triage's own defaults (parquet-sink, which
 * the standalone TriageMain uses): a run inside the application and one on its own behave alike unless told otherwise.
 */
class TriageSettingsInTheAppTest {

    @Test
    void theApplicationsTriageSettingsAreTheTriagesDefaults() throws IOException {
        Properties app = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
        TriageSettings inTheApp = TriageSettings.from(new Knobs(Map.of(), app));
        TriageSettings standalone = TriageSettings.from(new Knobs(Map.of(), new Properties()));
        assertEquals(standalone.topicPattern().pattern(), inTheApp.topicPattern().pattern());
        assertEquals(standalone.root(), inTheApp.root());
        assertEquals(standalone.zone(), inTheApp.zone());
        assertEquals(standalone.codec(), inTheApp.codec());
        assertEquals(standalone.rowGroupBytes(), inTheApp.rowGroupBytes());
        assertEquals(standalone.pageBytes(), inTheApp.pageBytes());
        assertEquals(standalone.maxRecordsPerFile(), inTheApp.maxRecordsPerFile());
        assertEquals(standalone.pollTimeout(), inTheApp.pollTimeout());
        assertEquals(standalone.idleTimeout(), inTheApp.idleTimeout());
        assertEquals(TriageRun.DEFAULT_GROUP_ID, app.getProperty(TriageBeans.GROUP_ID));
        assertEquals(app.getProperty("triage.root"), TriageSettings.DEFAULT_ROOT, "the ledger's triage root is the triage's");
    }
}

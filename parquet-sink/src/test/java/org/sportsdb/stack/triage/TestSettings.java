package org.sportsdb.stack.triage;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/** Triage settings for a test, built through the same knobs as production. */
final class TestSettings {

    private TestSettings() {
    }

    static TriageSettings of(Path root, String topicPrefix, long maxRecordsPerFile) {
        Properties props = new Properties();
        props.setProperty(TriageSettings.ROOT, root.toString());
        props.setProperty(TriageSettings.TOPIC_PATTERN, Pattern.quote(topicPrefix) + "rejected\\.soccer\\..*");
        props.setProperty(TriageSettings.MAX_RECORDS_PER_FILE, Long.toString(maxRecordsPerFile));
        return TriageSettings.from(new Knobs(Map.of(), props));
    }
}

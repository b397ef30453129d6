package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Which validated topics warehouse.ingest.topics takes in, and the start-up warning when it takes in none. */
class WarehouseTopicsTest {

    @Test
    void theDefaultPatternIngestsEveryValidatedFeedTopicWithoutAWarning() {
        Pattern shipped = Pattern.compile("validated\\.soccer\\..*");   // application.properties
        assertEquals(13, WarehouseTopics.ingested(shipped).size());
        assertEquals(Optional.empty(), WarehouseTopics.noTopicWarning(shipped));
        assertEquals(List.of("validated.soccer.event", "validated.soccer.event.stats"),
                WarehouseTopics.ingested(Pattern.compile("validated[.]soccer[.]event([.]stats)?")));
    }

    @Test
    void aPatternThatLostItsBackslashesOrNamesNoValidatedTopicIsWarnedAbout() {
        // "\Qvalidated.soccer.event\E" after a property layer took the backslashes
        Pattern mangled = Pattern.compile("Qvalidated.soccer.eventE");
        String warning = WarehouseTopics.noTopicWarning(mangled).orElseThrow();
        assertTrue(warning.startsWith("warehouse.ingest.topics 'Qvalidated.soccer.eventE' matches none of the validated topics"), warning);
        assertTrue(warning.contains("[.]"), "says how to write a dot: " + warning);
        assertTrue(WarehouseTopics.noTopicWarning(Pattern.compile("soccer[.]event")).isPresent(), "the feed topic, not the validated one");
    }
}

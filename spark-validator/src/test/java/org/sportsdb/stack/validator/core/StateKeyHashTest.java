package org.sportsdb.stack.validator.core;

import org.junit.jupiter.api.Test;
import org.sportsdb.stack.validator.contract.ContractCatalog;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The long state key: one topic tag per contract, tag 0 only for rejected groups, stable values across runs. */
class StateKeyHashTest {

    @Test
    void everyContractTopicHasItsOwnNonZeroTag() {
        List<String> outTopics = ContractCatalog.fromClasspath().all().keySet().stream()
                .map(t -> RecordValidator.VALIDATED_PREFIX + t).toList();
        assertTrue(outTopics.size() > 10);
        assertTrue(StateKeyHash.distinctTopicTags(outTopics), "two contracts share a tag: " + outTopics);
        for (String t : outTopics) {
            assertNotEquals(0, StateKeyHash.topicTag(t));
            assertEquals(StateKeyHash.topicTag(t), StateKeyHash.of(t, "123") >>> 48);
        }
    }

    @Test
    void aSharedTagIsDetected() {
        assertFalse(StateKeyHash.distinctTopicTags(List.of("validated.soccer.event", "validated.soccer.event")));
    }

    @Test
    void rejectedGroupsNeverMeetAStateKey() {
        long rejected = StateKeyHash.rejectedGroup("soccer.live_score", 1);
        assertEquals(0, rejected >>> 48);
        assertNotEquals(rejected, StateKeyHash.rejectedGroup("soccer.live_score", 0));
        assertNotEquals(rejected, StateKeyHash.rejectedGroup("soccer.live_score", null));
    }

    @Test
    void theKeyIsAFixedFunctionOfTopicAndKeySoACheckpointStaysReadable() {
        // a checkpoint's state is keyed by these values: changing the hash silently splits every key's state
        assertEquals(StateKeyHash.of("validated.soccer.live_score", "2052711"),
                StateKeyHash.of("validated.soccer.live_score", "2052711"));
        assertEquals(0x6e4a79129034ffdcL, StateKeyHash.hash64("validated.soccer.live_score|2052711"));
        assertNotEquals(StateKeyHash.of("validated.soccer.live_score", "1"), StateKeyHash.of("validated.soccer.live_score", "2"));
        assertNotEquals(StateKeyHash.of("validated.soccer.event", "1"), StateKeyHash.of("validated.soccer.live_score", "1"));
    }
}

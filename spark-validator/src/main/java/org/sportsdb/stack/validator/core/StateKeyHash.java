package org.sportsdb.stack.validator.core;

/**
 * The 64-bit key of the stream's de-duplication state: the top 16 bits are a tag of the output topic, the low 48 bits a
 * hash of the primary key. A long instead of the (primary key, topic) string makes the shuffled rows and the state
 * smaller and lets Spark sort the state stage's input on the long itself (radix sort, no string comparisons).
 *
 * <p>Why a hash collision can never drop a record wrongly: a record is dropped only when its state key equals that of a
 * previous record AND its payload hash (SHA-256 of the canonical payload) equals that record's. The payload contains the
 * primary-key fields (the primary key is read from them), so an equal payload hash means an equal primary key. Two
 * different keys of one topic with colliding 48-bit hashes therefore never have equal payload hashes: they only take
 * turns in one state, and each of their records is passed on (validated), never dropped. Two topics never share a key:
 * their tags differ (checked for every contract, {@link #distinctTopicTags}; tested), and tag 0 is never a topic's, it
 * marks the groups of rejected rows ({@link #rejectedGroup}), which never touch the state.
 */
public final class StateKeyHash {
    private static final int KEY_BITS = 48;
    private static final long KEY_MASK = (1L << KEY_BITS) - 1;

    private StateKeyHash() {
    }

    /** The state key of a validated record of {@code outTopic} with primary key {@code key}. */
    public static long of(String outTopic, String key) {
        return ((long) topicTag(outTopic) << KEY_BITS) | (hash64(key) & KEY_MASK);
    }

    /** The group of the rejected rows of one source partition (tag 0: no state key has it). */
    public static long rejectedGroup(String sourceTopic, Integer partition) {
        return hash64(sourceTopic + '\u0000' + partition) & KEY_MASK;
    }

    /** The 16-bit tag of an output topic, never 0. */
    public static int topicTag(String outTopic) {
        int tag = (int) (hash64(outTopic) >>> KEY_BITS);
        return tag == 0 ? 1 : tag;
    }

    /** True when the given output topics have pairwise different tags. */
    public static boolean distinctTopicTags(Iterable<String> outTopics) {
        java.util.Set<Integer> tags = new java.util.HashSet<>();
        int n = 0;
        for (String t : outTopics) {
            tags.add(topicTag(t));
            n++;
        }
        return tags.size() == n;
    }

    /** FNV-1a over the UTF-16 chars, then MurmurHash3's 64-bit finaliser (so every input bit reaches every output bit). */
    static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe1a85ec5L;
        h ^= h >>> 33;
        return h;
    }
}

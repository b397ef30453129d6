package org.sportsdb.stack.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A set of Kafka offsets of one partition, kept as sorted disjoint {@code [from, until)} ranges. */
public final class OffsetRanges {
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    public static OffsetRanges of(long from, long until) {
        OffsetRanges r = new OffsetRanges();
        r.add(from, until);
        return r;
    }

    /** Adds {@code [from, until)}; returns how many of its offsets were already in the set. */
    public long add(long from, long until) {
        if (until <= from) {
            return 0;
        }
        long overlap = size(from, until);
        long start = from;
        long end = until;
        Map.Entry<Long, Long> before = ranges.floorEntry(from);
        if (before != null && before.getValue() >= from) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
        while (next != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(start);
        }
        ranges.put(start, end);
        return overlap;
    }

    public void add(long offset) {
        add(offset, offset + 1);
    }

    public void addAll(OffsetRanges other) {
        other.ranges.forEach(this::add);
    }

    /** Offsets of the set inside {@code [from, until)}. */
    public long size(long from, long until) {
        long n = 0;
        Map.Entry<Long, Long> first = ranges.floorEntry(from);
        Long key = first != null && first.getValue() > from ? first.getKey() : ranges.ceilingKey(from);
        while (key != null && key < until) {
            long end = ranges.get(key);
            n += Math.min(end, until) - Math.max(key, from);
            key = ranges.higherKey(key);
        }
        return Math.max(0, n);
    }

    public long size() {
        return ranges.entrySet().stream().mapToLong(e -> e.getValue() - e.getKey()).sum();
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The highest offset + 1, or {@code fallback} when empty. */
    public long until(long fallback) {
        return ranges.isEmpty() ? fallback : ranges.lastEntry().getValue();
    }

    /** The offsets of {@code [from, until)} that are not in this set. */
    public OffsetRanges missingFrom(long from, long until) {
        OffsetRanges gaps = new OffsetRanges();
        long at = from;
        Map.Entry<Long, Long> first = ranges.floorEntry(from);
        Long key = first != null && first.getValue() > from ? first.getKey() : ranges.ceilingKey(from);
        while (key != null && key < until && at < until) {
            if (key > at) {
                gaps.add(at, Math.min(key, until));
            }
            at = Math.max(at, ranges.get(key));
            key = ranges.higherKey(key);
        }
        if (at < until) {
            gaps.add(at, until);
        }
        return gaps;
    }

    /** This set without the offsets of {@code other}. */
    public OffsetRanges minus(OffsetRanges other) {
        OffsetRanges out = new OffsetRanges();
        ranges.forEach((from, until) -> out.addAll(other.missingFrom(from, until)));
        return out;
    }

    /** The ranges, {@code [from, until)} each, at most {@code max} of them. */
    public List<long[]> first(int max) {
        List<long[]> out = new ArrayList<>();
        for (Map.Entry<Long, Long> e : ranges.entrySet()) {
            if (out.size() == max) {
                break;
            }
            out.add(new long[] {e.getKey(), e.getValue()});
        }
        return out;
    }

    /** "12, 40-44" style: single offsets and inclusive spans, the first {@code max} ranges. */
    public String describe(int max) {
        StringBuilder sb = new StringBuilder();
        for (long[] r : first(max)) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(r[1] - r[0] == 1 ? Long.toString(r[0]) : r[0] + "-" + (r[1] - 1));
        }
        if (ranges.size() > max) {
            sb.append(", …");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe(Integer.MAX_VALUE);
    }
}

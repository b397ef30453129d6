package org.sportsdb.stack.feeds;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memory of one run of one feed: which ids it has already handled (so an id met in two
 * leagues or seasons is handled once, and caps are applied) and the rows it set aside.
 * A feed route creates one at its start (exchange property {@code feedRun}); the split steps
 * below it share it.
 */
public final class FeedRun {

    private final Map<String, Set<String>> handled = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> setAside = new ArrayList<>();

    /** True the first time {@code id} is offered in {@code scope}, while fewer than {@code cap} ids were admitted (cap ≤ 0: no cap). */
    public boolean admit(String scope, String id, int cap) {
        Set<String> ids = handled.computeIfAbsent(scope, k -> new HashSet<>());
        synchronized (ids) {
            if (ids.contains(id) || (cap > 0 && ids.size() >= cap)) {
                return false;
            }
            ids.add(id);
            return true;
        }
    }

    public synchronized void setAside(Map<String, Object> row) {
        setAside.add(row);
    }

    public synchronized List<Map<String, Object>> setAsideRows() {
        return new ArrayList<>(setAside);
    }
}

package io.mahavishnu.manager.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts routing decisions by strategy and reason, and routes refused before reaching a pool. */
final class RoutingCounters {

    private final Map<String, LongAdder> decisions = new ConcurrentHashMap<>();
    private final LongAdder rejected = new LongAdder();

    void decided(String strategy, String reason) {
        decisions.computeIfAbsent(strategy + '/' + reason, k -> new LongAdder()).increment();
    }

    void rejected() {
        rejected.increment();
    }

    /** @return {@code strategy/reason} → decisions, sorted */
    Map<String, Long> decisions() {
        Map<String, Long> out = new TreeMap<>();
        decisions.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    long rejectedCount() {
        return rejected.sum();
    }
}

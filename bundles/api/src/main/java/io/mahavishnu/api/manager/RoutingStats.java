package io.mahavishnu.api.manager;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The manager's routing counters since it started, for monitoring ({@link PoolManager#routingStats()}). Per-pool
 * task counters are in each pool's {@link io.mahavishnu.api.pool.PoolMetrics}.
 *
 * @param decisions      strategy → reason code → routes decided (e.g. {@code affinity → affinity_fallback_least_loaded})
 * @param unroutable     routes refused before reaching any pool (no pool accepts tasks, unknown strategy, …)
 * @param rateLimited    caller kind → requests refused for its quota
 * @param retriesGranted retries the retry budget allowed
 * @param retriesDenied  retries the retry budget refused
 * @param ejectedPools   pools now ejected from routing after consecutive failures
 * @param eventsDropped  {@link PoolEvent}s dropped because listeners could not keep up
 */
public record RoutingStats(Map<String, Map<String, Long>> decisions, long unroutable, Map<String, Long> rateLimited,
                           long retriesGranted, long retriesDenied, List<String> ejectedPools, long eventsDropped) {

    /** No routing yet. */
    public static final RoutingStats EMPTY = new RoutingStats(Map.of(), 0, Map.of(), 0, 0, List.of(), 0);

    /** Copies the collections, sorted by key. */
    public RoutingStats {
        Map<String, Map<String, Long>> d = new TreeMap<>();
        decisions.forEach((strategy, reasons) -> d.put(strategy, Collections.unmodifiableMap(new TreeMap<>(reasons))));
        decisions = Collections.unmodifiableMap(d);
        rateLimited = Collections.unmodifiableMap(new TreeMap<>(rateLimited));
        ejectedPools = List.copyOf(ejectedPools);
    }
}

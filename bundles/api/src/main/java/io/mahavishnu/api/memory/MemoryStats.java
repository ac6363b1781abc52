package io.mahavishnu.api.memory;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the memory outbox holds and how far each sink got ({@code {items, last_sync, sinks: {name: {...}}}} on the
 * wire).
 *
 * @param items    items held in the outbox (pending for some sink, or delivered and kept for local search)
 * @param lastSync when the last collection ended, null before the first
 * @param sinks    sink name → its figures, in name order
 * @since 1.1
 */
public record MemoryStats(long items, Instant lastSync, Map<String, SinkStats> sinks) {

    /** Copies the sink map. */
    public MemoryStats {
        sinks = sinks == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sinks));
    }

    /**
     * Delivery figures of one sink.
     *
     * @param sink      the sink's {@link MemorySink#SINK} name
     * @param pending   items waiting to be delivered (including those waiting for a retry)
     * @param delivered items the sink confirmed
     * @param parked    items given up on after repeated failures (see {@link MemoryAggregator#parked})
     * @param available whether a sink service of that name is deployed now
     * @param breaker   {@code closed} (delivering), {@code open} (paused after failures) or {@code half_open}
     *                  (one probe delivery under way)
     * @param lastError the latest delivery error, null if the latest delivery succeeded
     */
    public record SinkStats(String sink, long pending, long delivered, long parked, boolean available,
                            String breaker, String lastError) {

        /** Requires the name and breaker state. */
        public SinkStats {
            Objects.requireNonNull(sink, "sink");
            Objects.requireNonNull(breaker, "breaker");
        }
    }
}

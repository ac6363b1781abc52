package io.mahavishnu.monitor.internal;

import io.mahavishnu.api.manager.PoolEvent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Task latency histograms per pool and outcome, built from the {@code task.completed} events' {@code duration}
 * (seconds), so measuring costs the task path nothing. A closed pool's histograms are dropped with it.
 */
final class LatencyHistograms {

    /** A histogram's counts at one moment: {@code counts[i]} observations in bucket i (the last is +Inf). */
    record Snapshot(long[] counts, double sum) {
        long count() {
            return Arrays.stream(counts).sum();
        }
    }

    /** Key of one histogram. */
    record Key(String poolId, String status) {
    }

    private final double[] bounds;
    private final Map<Key, Histogram> histograms = new ConcurrentHashMap<>();

    LatencyHistograms(double[] bounds) {
        this.bounds = bounds.clone();
    }

    double[] bounds() {
        return bounds.clone();
    }

    /** Records task completions; forgets the pools that are closed. */
    void accept(PoolEvent event) {
        if (PoolEvent.POOL_CLOSED.equals(event.type())) {
            histograms.keySet().removeIf(k -> k.poolId().equals(event.poolId()));
            return;
        }
        if (!PoolEvent.TASK_COMPLETED.equals(event.type())) {
            return;
        }
        Object duration = event.data().get("duration");
        Object status = event.data().get("status");
        if (duration instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() >= 0) {
            histograms.computeIfAbsent(new Key(event.poolId(), status == null ? "unknown" : status.toString()),
                    k -> new Histogram(bounds.length + 1)).observe(bucketOf(n.doubleValue()), n.doubleValue());
        }
    }

    private int bucketOf(double seconds) {
        int i = Arrays.binarySearch(bounds, seconds);
        // bucket i holds values <= bounds[i]; an exact match belongs to its own bucket
        return i >= 0 ? i : -i - 1;
    }

    /** @return every histogram now, by pool and status */
    Map<Key, Snapshot> snapshot() {
        Map<Key, Snapshot> out = new LinkedHashMap<>();
        histograms.forEach((k, h) -> out.put(k, h.snapshot()));
        return out;
    }

    /** One histogram; written by the manager's event thread, read by scrapes. */
    private static final class Histogram {
        /** Guarded by {@code this}. */
        private final long[] counts;
        /** Guarded by {@code this}. */
        private double sum;

        Histogram(int buckets) {
            counts = new long[buckets];
        }

        synchronized void observe(int bucket, double value) {
            counts[bucket]++;
            sum += value;
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(counts.clone(), sum);
        }
    }
}

package io.mahavishnu.mcp.internal;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Fixed-window request quota per {@link CallerKind}: at most {@code limit} requests per window per kind. Each kind
 * has its own window, which starts with the kind's first request after the previous window ended.
 */
final class CallerQuota {

    /**
     * Outcome of one {@link #acquire}.
     *
     * @param allowed           whether the request may proceed
     * @param retryAfterSeconds when refused: whole seconds until the window ends (at least 1)
     */
    record Decision(boolean allowed, long retryAfterSeconds) {
    }

    private final LongSupplier nanoClock;
    /** Guarded by {@code this}. */
    private final Map<CallerKind, long[]> windows = new EnumMap<>(CallerKind.class);
    private volatile int limit;
    private volatile long windowNanos;

    CallerQuota(int limit, Duration window, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        configure(limit, window);
    }

    /** Applies new limits; running windows keep their counts. */
    void configure(int newLimit, Duration window) {
        this.limit = newLimit;
        this.windowNanos = window.toNanos();
    }

    /** @param kind the caller kind @return whether one more request of that kind is allowed now (and counts it) */
    synchronized Decision acquire(CallerKind kind) {
        long now = nanoClock.getAsLong();
        long[] w = windows.computeIfAbsent(kind, k -> new long[] {now, 0});
        if (now - w[0] >= windowNanos) {
            w[0] = now;
            w[1] = 0;
        }
        if (w[1] < limit) {
            w[1]++;
            return new Decision(true, 0);
        }
        long remaining = windowNanos - (now - w[0]);
        long seconds = Math.max(1, (remaining + 999_999_999L) / 1_000_000_000L);
        return new Decision(false, seconds);
    }

    int limit() {
        return limit;
    }

    long windowSeconds() {
        return Duration.ofNanos(windowNanos).toSeconds();
    }
}

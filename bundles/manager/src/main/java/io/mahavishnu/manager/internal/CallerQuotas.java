package io.mahavishnu.manager.internal;

import io.mahavishnu.api.manager.RateLimitedException;
import io.mahavishnu.api.pool.Task;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Request quotas per caller kind (the task attribute {@code caller_kind}): one token bucket each for
 * {@code ultracode}, {@code claude_code}, {@code workflow}, {@code cli} and {@code unknown}; any other value
 * counts as {@code unknown}, so a caller cannot mint a fresh bucket. A bucket holds {@code quota_requests} tokens and
 * refills at {@code quota_requests / quota_window_seconds} per second. Each call to execute, route or batch takes
 * one token — a routed task is charged once, however many pools it is tried on.
 */
final class CallerQuotas {

    /** The caller kinds with a bucket of their own. */
    static final Set<String> KINDS = Set.of("ultracode", "claude_code", "workflow", "cli", "unknown");
    static final String UNKNOWN = "unknown";

    private final Supplier<Settings> settings;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> limited = new ConcurrentHashMap<>();

    CallerQuotas(Supplier<Settings> settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
    }

    /** @return the task's caller kind, {@code unknown} when missing or not one of {@link #KINDS} */
    static String kindOf(Task task) {
        String raw = task == null ? null : task.attributes().get(Task.ATTR_CALLER_KIND);
        String kind = raw == null ? UNKNOWN : raw.trim().toLowerCase(Locale.ROOT);
        return KINDS.contains(kind) ? kind : UNKNOWN;
    }

    /**
     * Takes one request from the task's caller kind.
     *
     * @throws RateLimitedException if its quota is used up
     */
    void charge(Task task) {
        Settings.Quota quota = settings.get().quota();
        if (quota.requests() == 0) {
            return;
        }
        String kind = kindOf(task);
        long waitNanos = buckets.computeIfAbsent(kind, k -> new Bucket()).take(quota, nanoClock.getAsLong());
        if (waitNanos > 0) {
            limited.computeIfAbsent(kind, k -> new LongAdder()).increment();
            throw new RateLimitedException(kind, Duration.ofNanos(waitNanos), quota.requests(), quota.window());
        }
    }

    /** @return caller kind → requests refused for its quota */
    Map<String, Long> limited() {
        Map<String, Long> out = new TreeMap<>();
        limited.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** One caller kind's tokens. */
    private static final class Bucket {
        /** Guarded by {@code this}. */
        private double tokens = Double.NaN;
        /** Guarded by {@code this}. */
        private long refilledAt;

        /** @return 0 if a token was taken, else nanoseconds until one is available */
        synchronized long take(Settings.Quota quota, long now) {
            double capacity = quota.requests();
            double perNano = capacity / quota.window().toNanos();
            if (Double.isNaN(tokens)) {
                tokens = capacity;
            } else {
                tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
            }
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
        }
    }
}

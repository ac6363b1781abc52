package io.mahavishnu.memory.internal;

import io.mahavishnu.api.pool.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Validated memory settings (PID {@value #PID}); see {@link MemoryConfig} for each one's meaning.
 */
record MemorySettings(boolean enabled, Duration syncInterval, String sessionBuddyUrl, String akoshaUrl,
                      List<String> sinks, Duration connectTimeout, Duration deliveryTimeout, Duration searchTimeout,
                      Duration collectTimeout, Duration collectDelay, int batchSize, Duration retryInitial,
                      Duration retryMax, int maxAttempts, int breakerThreshold, Duration breakerOpen,
                      Duration retention, long retentionItems, String outboxPath) {

    /** Configuration PID shared by the aggregator and the built-in sinks. */
    static final String PID = "io.mahavishnu.memory";

    MemorySettings {
        ValidationException.requireBetween("memory_sync_interval", syncInterval.toSeconds(), 10, 600);
        url("session_buddy_pool_url", sessionBuddyUrl);
        url("akosha_url", akoshaUrl);
        sinks = List.copyOf(sinks);
        ValidationException.requireBetween("connect_timeout_seconds", connectTimeout.toSeconds(), 1, 300);
        ValidationException.requireBetween("delivery_timeout_seconds", deliveryTimeout.toSeconds(), 1, 3600);
        ValidationException.requireBetween("search_timeout_seconds", searchTimeout.toSeconds(), 1, 300);
        ValidationException.requireBetween("collect_timeout_seconds", collectTimeout.toSeconds(), 1, 300);
        ValidationException.requireBetween("collect_delay_millis", collectDelay.toMillis(), 0, 600_000);
        ValidationException.requireBetween("batch_size", batchSize, 1, 1000);
        ValidationException.requireBetween("retry_initial_millis", retryInitial.toMillis(), 10, 3_600_000);
        ValidationException.requireBetween("retry_max_millis", retryMax.toMillis(), retryInitial.toMillis(),
                86_400_000);
        ValidationException.requireBetween("max_attempts", maxAttempts, 1, 1000);
        ValidationException.requireBetween("breaker_failure_threshold", breakerThreshold, 1, 1000);
        ValidationException.requireBetween("breaker_open_seconds", breakerOpen.toSeconds(), 1, 3600);
        ValidationException.requireBetween("retention_days", retention.toDays(), 0, 3650);
        ValidationException.requireBetween("retention_items", retentionItems, 0, 10_000_000);
    }

    static MemorySettings of(MemoryConfig c) {
        return new MemorySettings(c.memory__aggregation__enabled(), Duration.ofSeconds(c.memory__sync__interval()),
                c.session__buddy__pool__url().trim(), c.akosha__url().trim(), names(c.sinks()),
                Duration.ofSeconds(c.connect__timeout__seconds()), Duration.ofSeconds(c.delivery__timeout__seconds()),
                Duration.ofSeconds(c.search__timeout__seconds()), Duration.ofSeconds(c.collect__timeout__seconds()),
                Duration.ofMillis(c.collect__delay__millis()), c.batch__size(),
                Duration.ofMillis(c.retry__initial__millis()), Duration.ofMillis(c.retry__max__millis()),
                c.max__attempts(), c.breaker__failure__threshold(), Duration.ofSeconds(c.breaker__open__seconds()),
                Duration.ofDays(c.retention__days()), c.retention__items(), c.outbox__path().trim());
    }

    /**
     * @param home     the runtime's home folder ({@code mahavishnu.home}), null when not run from the distribution
     * @param fallback the file to use without a home (the bundle's own data area)
     * @return the outbox file
     */
    Path outboxFile(String home, Path fallback) {
        if (!outboxPath.isEmpty()) {
            return Path.of(outboxPath);
        }
        if (home == null || home.isBlank()) {
            return fallback;
        }
        return Path.of(home).resolve("data").resolve("memory").resolve("outbox.mv.db");
    }

    private static List<String> names(String raw) {
        List<String> out = new ArrayList<>();
        for (String s : (raw == null ? "" : raw).split("[,\\s]+")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static void url(String key, String value) {
        if (!(value.startsWith("http://") || value.startsWith("https://"))) {
            throw new ValidationException(key, value, "must be an http(s) URL of an MCP endpoint, "
                    + "e.g. http://localhost:8678/mcp");
        }
    }
}

package io.mahavishnu.pool.sessionbuddy.internal;

import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.ValidationException;
import java.time.Duration;

/**
 * Validated settings of the session-buddy pool type.
 */
record SessionBuddySettings(String url, int poolSize, Duration connectTimeout, Duration callTimeout,
                            Duration taskMargin, int queueSize, int memoryRetained) {

    /** Pool option: the Session-Buddy MCP endpoint. */
    static final String URL_KEY = "session_buddy_url";
    /** Pool option: workers spawned at start. */
    static final String SIZE_KEY = "pool_size";

    static final SessionBuddySettings DEFAULTS = new SessionBuddySettings("http://localhost:8678/mcp", 3,
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30), 1000, 1000);

    SessionBuddySettings {
        url(URL_KEY, url);
        ValidationException.requireBetween("pool_size", poolSize, 1, PoolConfig.MAX_WORKERS_LIMIT);
        ValidationException.requireBetween("connect_timeout_seconds", connectTimeout.toSeconds(), 1, 300);
        ValidationException.requireBetween("call_timeout_seconds", callTimeout.toSeconds(), 1, 3600);
        ValidationException.requireBetween("task_timeout_margin_seconds", taskMargin.toSeconds(), 1, 3600);
        ValidationException.requireBetween("queue_size", queueSize, 0, 1_000_000);
        ValidationException.requireBetween("memory_items_retained", memoryRetained, 0, 100_000);
    }

    static SessionBuddySettings of(SessionBuddyPoolConfig c) {
        return new SessionBuddySettings(c.session__buddy__url().trim(), c.pool__size(),
                Duration.ofSeconds(c.connect__timeout__seconds()), Duration.ofSeconds(c.call__timeout__seconds()),
                Duration.ofSeconds(c.task__timeout__margin__seconds()), c.queue__size(), c.memory__items__retained());
    }

    /** @return the endpoint of a pool: its {@code extra_config.session_buddy_url} or the default */
    String urlOf(PoolConfig config) {
        String u = config.get(URL_KEY, url).trim();
        url("extra_config." + URL_KEY, u);
        return u;
    }

    /**
     * @return the workers a pool spawns at start: {@code extra_config.pool_size} (which must lie within
     *         [min_workers, max_workers]) or the default kept within that range
     */
    int sizeOf(PoolConfig config) {
        String raw = config.extraConfig().get(SIZE_KEY);
        if (raw == null) {
            return Math.max(Math.max(1, config.minWorkers()), Math.min(poolSize, config.maxWorkers()));
        }
        int size;
        try {
            size = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException("extra_config." + SIZE_KEY, raw, "must be a whole number");
        }
        return ValidationException.requireBetween("extra_config." + SIZE_KEY, size, Math.max(1, config.minWorkers()),
                config.maxWorkers());
    }

    private static void url(String key, String value) {
        if (value == null || !(value.startsWith("http://") || value.startsWith("https://")) || value.length() < 10) {
            throw new ValidationException(key, value, "must be the http(s) URL of Session-Buddy's MCP endpoint, "
                    + "e.g. http://localhost:8678/mcp");
        }
    }
}

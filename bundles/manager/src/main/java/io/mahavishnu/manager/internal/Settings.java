package io.mahavishnu.manager.internal;

import io.mahavishnu.api.pool.ValidationException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Validated manager settings.
 *
 * @param defaultStrategy   default routing strategy name
 * @param strategyGrace     hot-swap grace for strategies
 * @param stopTimeout       how long to wait for a pool to stop
 * @param healthTimeout     how long a pool health check may take
 */
record Settings(String defaultStrategy, Duration strategyGrace, Duration stopTimeout, Duration healthTimeout) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    static final Settings DEFAULTS = new Settings("least_loaded", Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(5));

    Settings {
        if (defaultStrategy == null || !NAME.matcher(defaultStrategy).matches()) {
            throw new ValidationException("pool_routing_strategy", defaultStrategy,
                    "must be a strategy name such as least_loaded, round_robin, random or affinity");
        }
    }

    static Settings of(ManagerConfig c) {
        return new Settings(c.pool__routing__strategy() == null ? null : c.pool__routing__strategy().trim(),
                seconds("strategy_swap_grace_seconds", c.strategy__swap__grace__seconds(), 0, 300),
                seconds("pool_stop_timeout_seconds", c.pool__stop__timeout__seconds(), 1, 600),
                seconds("health_timeout_seconds", c.health__timeout__seconds(), 1, 300));
    }

    private static Duration seconds(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ValidationException(key, value, "must be between " + min + " and " + max);
        }
        return Duration.ofSeconds(value);
    }
}

package io.mahavishnu.federation.internal;

import io.mahavishnu.api.pool.ValidationException;
import java.time.Duration;

/**
 * Validated federation settings.
 *
 * @param heartbeatInterval how often this runtime announces its pools
 * @param runtimeTimeout    silence after which another runtime is dropped
 * @param acceptTimeout     wait for a delegated task's acknowledgement
 * @param resultMargin      wait beyond a task's timeout for its result
 */
record FederationSettings(Duration heartbeatInterval, Duration runtimeTimeout, Duration acceptTimeout,
                          Duration resultMargin) {

    static final FederationSettings DEFAULTS = new FederationSettings(Duration.ofSeconds(2), Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(30));

    static FederationSettings of(FederationConfig c) {
        int interval = ValidationException.requireBetween("heartbeat_interval_seconds",
                c.heartbeat__interval__seconds(), 1, 60);
        int timeout = ValidationException.requireBetween("runtime_timeout_seconds", c.runtime__timeout__seconds(),
                2, 600);
        if (timeout < 2 * interval) {
            throw new ValidationException("runtime_timeout_seconds", timeout, "must be at least twice "
                    + "heartbeat_interval_seconds (" + interval + "), so that one late heartbeat does not drop a "
                    + "runtime");
        }
        int accept = ValidationException.requireBetween("accept_timeout_seconds", c.accept__timeout__seconds(), 2,
                600);
        int margin = ValidationException.requireBetween("result_margin_seconds", c.result__margin__seconds(), 1,
                3600);
        return new FederationSettings(Duration.ofSeconds(interval), Duration.ofSeconds(timeout),
                Duration.ofSeconds(accept), Duration.ofSeconds(margin));
    }
}

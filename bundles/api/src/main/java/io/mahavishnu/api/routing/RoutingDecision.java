package io.mahavishnu.api.routing;

import java.util.Objects;

/**
 * A strategy's choice.
 *
 * @param poolId the chosen pool, one of the candidates
 * @param reason reason code shown to callers, e.g. {@code round_robin}, {@code affinity},
 *               {@code affinity_fallback_least_loaded}
 */
public record RoutingDecision(String poolId, String reason) {

    /** Requires both fields. */
    public RoutingDecision {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(reason, "reason");
    }
}

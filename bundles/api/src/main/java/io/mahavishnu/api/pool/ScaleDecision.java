package io.mahavishnu.api.pool;

import java.time.Instant;
import java.util.Objects;

/**
 * One auto-scaling decision of a pool: {@code {from, to, reason, policy, at}} on the wire. {@code from == to} when
 * the policy decided to hold.
 *
 * @param from   workers before
 * @param to     workers decided (after clamping to [min_workers, max_workers])
 * @param reason why, in words an operator can check, e.g. "utilization 1.60 above target 0.70"
 * @param policy the {@link AutoscalePolicy} that decided
 * @param at     when
 */
public record ScaleDecision(int from, int to, String reason, String policy, Instant at) {

    /** Requires reason, policy and time. */
    public ScaleDecision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(at, "at");
    }

    /** @return true if the decision changed the number of workers */
    public boolean changed() {
        return from != to;
    }
}

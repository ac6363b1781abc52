package io.mahavishnu.pool.support;

import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.ValidationException;

/** The refusals every pool type gives in the same words: a task it cannot take, a scale it cannot do. */
public final class PoolChecks {

    private PoolChecks() {
    }

    /**
     * @param poolId the pool
     * @param status its status, which does not accept tasks
     * @return the failure of a task sent to it
     */
    public static IllegalStateException notAccepting(String poolId, PoolStatus status) {
        return new IllegalStateException(status == PoolStatus.STOPPED ? "pool " + poolId + " is stopped"
                : "pool " + poolId + " is not running (status " + status.wireName() + ")");
    }

    /**
     * @param target workers asked for
     * @param min    fewest workers the pool may have
     * @param max    most workers the pool may have
     * @return the failure naming {@code target_workers} if the target is outside {@code min..max}, else null
     */
    public static ValidationException scaleTargetOutside(int target, int min, int max) {
        return target < min || target > max ? new ValidationException("target_workers", target,
                "must be between min_workers=" + min + " and max_workers=" + max) : null;
    }

    /**
     * @param poolId the pool
     * @param status its status, in which it cannot scale
     * @return the failure of the scale
     */
    public static IllegalStateException cannotScale(String poolId, PoolStatus status) {
        return new IllegalStateException("pool " + poolId + " cannot scale: it is " + status.wireName());
    }
}

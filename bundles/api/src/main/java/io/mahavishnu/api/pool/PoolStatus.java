package io.mahavishnu.api.pool;

/**
 * Lifecycle of a pool. Wire values are the original's lowercase names.
 *
 * <pre>
 * pending → initializing → running ⇄ scaling
 *                            ↓ ↑
 *                         degraded
 * any → stopped | failed
 * </pre>
 */
public enum PoolStatus implements WireEnum {
    /** Constructed, not started. */
    PENDING,
    /** {@code start()} in progress. */
    INITIALIZING,
    /** Accepting tasks. */
    RUNNING,
    /** A scale step is in progress; tasks are still accepted. */
    SCALING,
    /** Running with reduced capacity or failing health checks. */
    DEGRADED,
    /** Stopped on request; accepts no tasks. */
    STOPPED,
    /** Start or operation failed; accepts no tasks. */
    FAILED;

    @Override
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return true if a router may send tasks to a pool in this state */
    public boolean acceptsTasks() {
        return this == RUNNING || this == SCALING || this == DEGRADED;
    }
}

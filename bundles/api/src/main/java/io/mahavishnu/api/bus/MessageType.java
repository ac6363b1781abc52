package io.mahavishnu.api.bus;

import io.mahavishnu.api.pool.WireEnum;

/** The seven message types of the original, with their wire names. */
public enum MessageType implements WireEnum {
    /** A pool hands a task to another pool. */
    TASK_DELEGATE,
    /** A pool shares a result. */
    RESULT_SHARE,
    /** Status change of a pool (also autoscale decisions). */
    STATUS_UPDATE,
    /** Liveness signal. */
    HEARTBEAT,
    /** A pool was spawned. */
    POOL_CREATED,
    /** A pool was closed. */
    POOL_CLOSED,
    /** A task ended (any status). */
    TASK_COMPLETED;

    @Override
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

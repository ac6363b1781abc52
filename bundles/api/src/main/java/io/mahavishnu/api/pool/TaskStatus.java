package io.mahavishnu.api.pool;

/** Outcome of one task. Wire values: {@code completed|failed|timeout|cancelled}. */
public enum TaskStatus implements WireEnum {
    /** Finished successfully. */
    COMPLETED,
    /** Finished with an error (see {@link TaskResult#error()}). */
    FAILED,
    /** Exceeded its timeout, counted from the task's start; the work was killed. */
    TIMEOUT,
    /** Cancelled by the caller or by a pool shutdown; the work was killed. */
    CANCELLED;

    @Override
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

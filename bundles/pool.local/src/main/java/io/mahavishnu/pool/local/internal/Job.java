package io.mahavishnu.pool.local.internal;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.pool.support.TaskQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * A task accepted by a {@link LocalPool}, from submission to its result. Fields other than the final ones are
 * guarded by the pool's lock.
 */
final class Job {

    enum State { QUEUED, ASSIGNED, RUNNING, DONE }

    /** Why the pool stopped a task; overrides the status and error its worker reported. */
    enum KillReason { TIMEOUT, CANCELLED, STOPPED }

    final Task task;
    /** Handed to the caller; completing or cancelling it from outside abandons the task. */
    final CompletableFuture<TaskResult> future = new CompletableFuture<>();
    State state = State.QUEUED;
    TaskQueue.Entry<Job> entry;
    WorkerSlots.Slot slot;
    Runner.Execution execution;
    KillReason killReason;
    ScheduledFuture<?> timeout;
    /** Start on the slot, {@code System.nanoTime()}. */
    long startNanos;
    /** Set before the pool completes {@link #future}, so any other completion is recognised as the caller's. */
    private volatile boolean completedByPool;

    Job(Task task) {
        this.task = task;
    }

    /** @param result the result @return true if the caller had not completed or cancelled the future already */
    boolean complete(TaskResult result) {
        completedByPool = true;
        return future.complete(result);
    }

    /** @return true if the future ended without the pool completing it (cancel, or a caller-side timeout) */
    boolean abandoned() {
        return !completedByPool;
    }
}

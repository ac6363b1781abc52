package io.mahavishnu.pool.kubernetes.internal;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.pool.support.TaskQueue;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One task of a kubernetes pool from submission to its result, or a Job adopted after a restart (no caller
 * waits for it; its result goes to the pool's memory only). Fields other than the final ones are guarded by the
 * {@link JobDispatcher}'s lock.
 */
final class JobRun {

    /** QUEUED → ASSIGNED (holds a slot) → CREATING → RUNNING → FINISHING (result being collected) → DONE. */
    enum State { QUEUED, ASSIGNED, CREATING, RUNNING, FINISHING, DONE }

    /** Why the pool ends a Job itself; decides the result's status. */
    enum KillReason { TIMEOUT, CANCELLED, STOPPED }

    /** The task, null for an adopted Job. */
    final Task task;
    final String taskId;
    final Duration timeout;
    final boolean adopted;
    /** Handed to the caller; completing or cancelling it from outside abandons the task. */
    final CompletableFuture<TaskResult> future = new CompletableFuture<>();

    State state = State.QUEUED;
    TaskQueue.Entry<JobRun> entry;
    String jobName;
    /** The uid of the Job created for this run; watch events of another Job of the same name are ignored. */
    String uid;
    /** The newest state the watch reported, kept while the create call has not returned yet. */
    KubeApi.JobState lastSeen;
    KillReason killReason;
    ScheduledFuture<?> timer;
    /** When the Job was created, {@link System#nanoTime()}: the task's start. */
    long startNanos;
    /** Set before the pool completes {@link #future}, so any other completion is recognised as the caller's. */
    private volatile boolean completedByPool;

    JobRun(Task task) {
        this.task = task;
        this.taskId = task.id();
        this.timeout = task.timeout();
        this.adopted = false;
    }

    /** A Job found at start, left by an earlier run of the same pool. */
    JobRun(String taskId, Duration timeout, String jobName, String uid, long startNanos) {
        this.task = null;
        this.taskId = taskId;
        this.timeout = timeout;
        this.adopted = true;
        this.jobName = jobName;
        this.uid = uid;
        this.startNanos = startNanos;
        this.state = State.RUNNING;
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

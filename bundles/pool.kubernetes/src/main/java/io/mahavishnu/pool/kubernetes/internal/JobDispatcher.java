package io.mahavishnu.pool.kubernetes.internal;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.pool.support.DeadlineTimer;
import io.mahavishnu.pool.support.TaskQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission and slots of one kubernetes pool: at most {@code limit} runs hold a slot (have, or are about to have,
 * a Job); the others wait in a {@link TaskQueue} (priority with aging) of at most {@code queue_size} tasks, or are
 * refused. A slot is released only once its Job is deleted, so the pool never has more than {@code limit} Jobs.
 * What happens to a Job (create, watch events, timeout, cancel, result) is {@link JobTracker}'s part.
 *
 * <p>{@code lock} guards {@code limit}, {@code queue}, {@code active}, {@code byName}, {@code accepting},
 * {@code closed}, {@code creating}, {@code drained} and the mutable fields of every {@link JobRun}. Nothing slow
 * runs under it: API calls, future completions and callbacks run after it is released. The figures metrics read
 * are volatile copies written under the lock.
 */
final class JobDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(JobDispatcher.class);

    final String poolId;
    private final Supplier<KubernetesSettings> settings;
    private final Executor executor;
    private final JobTracker tracker;

    final Object lock = new Object();
    private final TaskQueue<JobRun> queue = new TaskQueue<>(System.nanoTime());
    /** Runs holding a slot, adopted ones included. */
    private final Set<JobRun> active = new LinkedHashSet<>();
    /** Runs by Job name, from just before the create call until the run is done. */
    final Map<String, JobRun> byName = new HashMap<>();
    private int limit;
    private boolean accepting;
    /** Non-null once {@link #close()} was called; completes when no run holds a slot. */
    private CompletableFuture<Void> closed;
    /** Create calls under way; {@link #close()} deletes the pool's Jobs only after they returned. */
    private int creating;
    private CompletableFuture<Void> drained;

    private volatile int busyNow;
    private volatile int limitNow;
    private volatile int queuedNow;
    final AtomicLong completed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong adopted = new AtomicLong();

    /**
     * @param poolId   the pool
     * @param settings the pool's settings now
     * @param executor runs API calls and result collection
     * @param tracker  drives each Job (its dispatcher is set to this)
     */
    JobDispatcher(String poolId, Supplier<KubernetesSettings> settings, Executor executor, JobTracker tracker) {
        this.poolId = poolId;
        this.settings = settings;
        this.executor = executor;
        this.tracker = tracker;
        tracker.attach(this);
    }

    /** @param initialLimit how many Jobs may run at once; tasks are accepted from now on */
    void open(int initialLimit) {
        List<JobRun> toRun = new ArrayList<>();
        List<JobRun> expired = new ArrayList<>();
        synchronized (lock) {
            if (closed != null) {
                return;
            }
            limit = initialLimit;
            accepting = true;
            dispatch(toRun, expired);
            publish();
        }
        startAll(toRun, expired);
    }

    /**
     * Accepts a task: gives it a slot at once, queues it, or refuses it.
     *
     * @param task the task
     * @return its result; exceptionally with {@link RejectedExecutionException} ({@code queue_full:}) or
     *         {@link IllegalStateException} when the pool is stopped
     */
    CompletableFuture<TaskResult> submit(Task task) {
        KubernetesSettings s = settings.get();
        JobRun run = new JobRun(task);
        synchronized (lock) {
            if (!accepting) {
                return CompletableFuture.failedFuture(new IllegalStateException("pool " + poolId + " is stopped"));
            }
            if (pastDeadline(task)) {
                run.state = JobRun.State.DONE;
            } else if (queue.isEmpty() && active.size() < limit) {
                assign(run);
            } else if (queue.size() < s.queueSize()) {
                run.entry = queue.add(run, task.priority(), System.nanoTime(), s.agingInterval().toNanos());
            } else {
                rejected.incrementAndGet();
                return CompletableFuture.failedFuture(new RejectedExecutionException("queue_full: pool " + poolId
                        + " runs " + active.size() + " Jobs (its limit) and has " + queue.size()
                        + " tasks waiting, the bound (queue_size) is " + s.queueSize()));
            }
            publish();
        }
        if (run.state == JobRun.State.DONE) {
            finishUnstarted(run, TaskStatus.FAILED, "deadline_exceeded");
            return run.future;
        }
        run.future.whenComplete((r, e) -> {
            if (run.abandoned()) {
                tracker.abandon(run);
            }
        });
        if (run.state == JobRun.State.ASSIGNED) {
            executor.execute(() -> tracker.create(run));
        } else if (task.deadline() != null) {
            DeadlineTimer.at(run, task.deadline(), this::expire);
        }
        return run.future;
    }

    /** The deadline of a run passed: it leaves the queue if it still waits there. */
    private void expire(JobRun run) {
        boolean waited;
        synchronized (lock) {
            waited = dequeue(run); // counts it as failed
        }
        if (waited) {
            run.complete(Outcomes.unstarted(run, poolId, TaskStatus.FAILED, "deadline_exceeded"));
        }
    }

    /** @param newLimit how many Jobs may run at once; waiting tasks start at once when it grows */
    void resize(int newLimit) {
        List<JobRun> toRun = new ArrayList<>();
        List<JobRun> expired = new ArrayList<>();
        synchronized (lock) {
            limit = newLimit;
            if (closed == null) {
                dispatch(toRun, expired);
            }
            publish();
        }
        startAll(toRun, expired);
    }

    /**
     * Takes over a Job found at start (left by an earlier run of this pool). It holds a slot like any other.
     *
     * @param run the adopted run
     * @return false if the pool is closing
     */
    boolean adopt(JobRun run) {
        synchronized (lock) {
            if (closed != null) {
                return false;
            }
            active.add(run);
            byName.put(run.jobName, run);
            adopted.incrementAndGet();
            publish();
        }
        return true;
    }

    /**
     * Refuses new tasks, ends waiting ones as cancelled ("pool stopped"), marks running ones stopped, and once no
     * create call is under way hands over to {@code deleteAll}, which deletes every Job of the pool.
     *
     * @param deleteAll deletes the pool's Jobs and ends the runs that still hold a slot
     * @return completes when no run holds a slot any more; the same on every call
     */
    CompletableFuture<Void> close(Runnable deleteAll) {
        List<JobRun> dropped;
        CompletableFuture<Void> createsDone;
        synchronized (lock) {
            if (closed != null) {
                return closed;
            }
            closed = new CompletableFuture<>();
            accepting = false;
            dropped = queue.drain();
            dropped.forEach(r -> r.state = JobRun.State.DONE);
            for (JobRun r : active) {
                if (r.killReason == null) {
                    r.killReason = JobRun.KillReason.STOPPED;
                }
            }
            createsDone = creating == 0 ? CompletableFuture.completedFuture(null) : (drained = new CompletableFuture<>());
            publish();
        }
        LOG.info("Pool {} stopping: {} waiting tasks cancelled, {} Jobs to delete", poolId, dropped.size(), busyNow);
        dropped.forEach(r -> finishUnstarted(r, TaskStatus.CANCELLED, "pool stopped"));
        createsDone.thenRunAsync(() -> {
            deleteAll.run();
            releaseIfIdle();
        }, executor);
        return closed;
    }

    /** @return the runs holding a slot whose Job is RUNNING, now FINISHING (for the stop path) */
    List<JobRun> takeRunning() {
        List<JobRun> out = new ArrayList<>();
        synchronized (lock) {
            for (JobRun r : active) {
                if (r.state == JobRun.State.RUNNING) {
                    r.state = JobRun.State.FINISHING;
                    out.add(r);
                }
            }
        }
        return out;
    }

    // --- bookkeeping used by JobTracker --------------------------------------------------------------------

    /** Under the lock: a create call starts. */
    void createStarted() {
        creating++;
    }

    /** A create call returned. */
    void createEnded() {
        CompletableFuture<Void> done = null;
        synchronized (lock) {
            creating--;
            if (creating == 0 && drained != null) {
                done = drained;
                drained = null;
            }
        }
        if (done != null) {
            done.complete(null);
        }
    }

    /**
     * A run's Job is gone (or never existed): its slot goes to the next waiting task, its result out.
     *
     * @param run    the run
     * @param result its result
     */
    void finish(JobRun run, TaskResult result) {
        if (run.timer != null) {
            run.timer.cancel(false);
        }
        List<JobRun> toRun = new ArrayList<>(1);
        List<JobRun> expired = new ArrayList<>(0);
        CompletableFuture<Void> closeDone;
        synchronized (lock) {
            run.state = JobRun.State.DONE;
            active.remove(run);
            if (run.jobName != null && byName.get(run.jobName) == run) {
                byName.remove(run.jobName);
            }
            if (closed == null) {
                dispatch(toRun, expired);
            }
            closeDone = closed != null && active.isEmpty() ? closed : null;
            publish();
        }
        (result.isSuccess() ? completed : failed).incrementAndGet();
        tracker.record(run, result);
        run.complete(result);
        startAll(toRun, expired);
        if (closeDone != null) {
            closeDone.complete(null);
        }
    }

    /** Completes a run that never got a Job (expired, dropped at close, cancelled before its create). */
    void finishUnstarted(JobRun run, TaskStatus status, String error) {
        TaskResult r = Outcomes.unstarted(run, poolId, status, error);
        if (run.state != JobRun.State.QUEUED && run.state != JobRun.State.DONE) {
            finish(run, r);
            return;
        }
        run.state = JobRun.State.DONE;
        failed.incrementAndGet();
        run.complete(r);
    }

    /** Under the lock: removes a waiting run from the queue. @return true if it was still waiting */
    boolean dequeue(JobRun run) {
        if (run.state == JobRun.State.QUEUED && queue.remove(run.entry)) {
            run.state = JobRun.State.DONE;
            failed.incrementAndGet();
            publish();
            return true;
        }
        return false;
    }

    /** @return the future of the run that owns a Job now (also of an adopted one), or null */
    CompletableFuture<TaskResult> resultOf(String jobName) {
        synchronized (lock) {
            JobRun run = byName.get(jobName);
            return run == null ? null : run.future;
        }
    }

    int busy() {
        return busyNow;
    }

    int limit() {
        return limitNow;
    }

    int queued() {
        return queuedNow;
    }

    // --- internals -----------------------------------------------------------------------------------------

    private void releaseIfIdle() {
        CompletableFuture<Void> done;
        synchronized (lock) {
            done = active.isEmpty() ? closed : null;
        }
        if (done != null) {
            done.complete(null);
        }
    }

    private void startAll(List<JobRun> toRun, List<JobRun> expired) {
        expired.forEach(r -> finishUnstarted(r, TaskStatus.FAILED, "deadline_exceeded"));
        toRun.forEach(r -> executor.execute(() -> tracker.create(r)));
    }

    /** Under the lock: gives free slots to waiting runs; expired ones leave without a slot. */
    private void dispatch(List<JobRun> toRun, List<JobRun> expired) {
        while (accepting && !queue.isEmpty() && active.size() < limit) {
            JobRun next = queue.poll();
            if (pastDeadline(next.task)) {
                next.state = JobRun.State.DONE;
                expired.add(next);
            } else {
                assign(next);
                toRun.add(next);
            }
        }
    }

    /** Under the lock. */
    private void assign(JobRun run) {
        run.state = JobRun.State.ASSIGNED;
        active.add(run);
    }

    /** Under the lock. */
    private void publish() {
        busyNow = active.size();
        limitNow = limit;
        queuedNow = queue.size();
    }

    private static boolean pastDeadline(Task task) {
        return task.deadline() != null && Instant.now().isAfter(task.deadline());
    }
}

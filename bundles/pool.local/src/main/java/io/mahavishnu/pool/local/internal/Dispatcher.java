package io.mahavishnu.pool.local.internal;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.pool.support.DeadlineTimer;
import io.mahavishnu.pool.support.TaskQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of one pool on its worker slots: admission (run now, wait in the {@link TaskQueue}, or reject),
 * start, timeout, cancellation, and handing a freed slot to the next waiting task.
 *
 * <p>{@code lock} guards {@code slots}, {@code queue}, {@code active}, {@code accepting}, {@code closed} and the
 * mutable fields of every {@link Job}. Nothing slow runs under it: processes start, futures complete and
 * callbacks run after it is released. The figures read by metrics are volatile copies written under the lock, so
 * reading them never takes it. Counters are atomics.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final String poolId;
    private final Runner runner;
    private final Supplier<LocalPoolSettings> settings;
    private final ScheduledExecutorService scheduler;
    private final Executor io;
    private final LongSupplier clock;
    private final Consumer<TaskResult> ran;

    private final Object lock = new Object();
    private final WorkerSlots slots;
    private final TaskQueue<Job> queue;
    /** Jobs holding a slot. */
    private final Set<Job> active = new LinkedHashSet<>();
    private boolean accepting;
    /** Non-null once {@link #close()} was called; completes when no job holds a slot any more. */
    private CompletableFuture<Void> closed;

    private volatile int busyNow;
    private volatile int totalNow;
    private volatile int queuedNow;
    final AtomicLong completed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();

    /**
     * @param poolId    the pool, for worker ids and messages
     * @param runner    runs tasks of the pool's worker type
     * @param settings  the settings now (read per task)
     * @param scheduler timeouts
     * @param io        continuations after a task's work ends
     * @param clock     orders the queue ({@code System.nanoTime()} or a test clock)
     * @param ran       told about every task that ran on a slot, after it ended
     */
    Dispatcher(String poolId, Runner runner, Supplier<LocalPoolSettings> settings, ScheduledExecutorService scheduler,
               Executor io, LongSupplier clock, Consumer<TaskResult> ran) {
        this.poolId = poolId;
        this.runner = runner;
        this.settings = settings;
        this.scheduler = scheduler;
        this.io = io;
        this.clock = clock;
        this.ran = ran;
        this.slots = new WorkerSlots(poolId);
        this.queue = new TaskQueue<>(clock.getAsLong());
    }

    /** @param workers initial number of slots; tasks are accepted from now on */
    void open(int workers) {
        synchronized (lock) {
            if (closed == null) {
                accepting = true;
                slots.resize(workers);
                publishFigures();
            }
        }
    }

    /**
     * Accepts a task: runs it on an idle slot, queues it, or refuses it.
     *
     * @param task the task
     * @return its result; exceptionally with {@link RejectedExecutionException} ({@code queue_full:}) or
     *         {@link IllegalStateException} when closed
     */
    CompletableFuture<TaskResult> submit(Task task) {
        LocalPoolSettings s = settings.get();
        Job job = new Job(task);
        synchronized (lock) {
            if (!accepting) {
                return CompletableFuture.failedFuture(new IllegalStateException("pool " + poolId + " is stopped"));
            }
            if (pastDeadline(task)) {
                job.state = Job.State.DONE;
            } else if (queue.isEmpty() && slots.hasIdle()) {
                assign(job);
            } else if (queue.size() < s.queueSize()) {
                job.entry = queue.add(job, task.priority(), clock.getAsLong(), s.agingInterval().toNanos());
            } else {
                rejected.incrementAndGet();
                return CompletableFuture.failedFuture(new RejectedExecutionException("queue_full: pool " + poolId
                        + " has no idle worker and " + queue.size() + " tasks waiting, the bound (queue_size) is "
                        + s.queueSize()));
            }
            publishFigures();
        }
        if (job.state == Job.State.DONE) {
            finishUnstarted(job, TaskStatus.FAILED, "deadline_exceeded");
            return job.future;
        }
        job.future.whenComplete((r, e) -> {
            if (job.abandoned()) {
                abandon(job);
            }
        });
        if (job.state == Job.State.ASSIGNED) {
            run(job);
        } else if (task.deadline() != null) {
            DeadlineTimer.at(job, task.deadline(), this::expire);
        }
        return job.future;
    }

    /** @param workers the new number of slots; waiting tasks start at once on new ones */
    void resize(int workers) {
        List<Job> toRun = new ArrayList<>();
        List<Job> expired = new ArrayList<>();
        synchronized (lock) {
            slots.resize(workers);
            if (closed == null) {
                dispatch(toRun, expired);
            }
            publishFigures();
        }
        expired.forEach(j -> finishUnstarted(j, TaskStatus.FAILED, "deadline_exceeded"));
        toRun.forEach(this::run);
    }

    /**
     * Refuses new tasks, ends waiting ones as cancelled ("pool stopped") and kills running ones.
     *
     * @return completes when no task holds a slot any more (their processes are gone); the same on every call
     */
    CompletableFuture<Void> close() {
        List<Job> dropped;
        List<Runner.Execution> toKill = new ArrayList<>();
        boolean idle;
        synchronized (lock) {
            if (closed != null) {
                return closed;
            }
            closed = new CompletableFuture<>();
            accepting = false;
            dropped = queue.drain();
            dropped.forEach(j -> j.state = Job.State.DONE);
            for (Job j : active) {
                if (j.killReason == null) {
                    j.killReason = Job.KillReason.STOPPED;
                }
                if (j.execution != null) {
                    toKill.add(j.execution);
                }
            }
            idle = active.isEmpty();
            publishFigures();
        }
        LOG.info("Pool {} stopping: {} waiting tasks cancelled, {} running tasks killed", poolId, dropped.size(),
                toKill.size());
        dropped.forEach(j -> finishUnstarted(j, TaskStatus.CANCELLED, "pool stopped"));
        toKill.forEach(Runner.Execution::kill);
        if (idle) {
            closed.complete(null);
        }
        return closed;
    }

    int busy() {
        return busyNow;
    }

    int total() {
        return totalNow;
    }

    int queued() {
        return queuedNow;
    }

    /** @return the number of workers the pool should have */
    int workers() {
        synchronized (lock) {
            return slots.target();
        }
    }

    // --- one job ----------------------------------------------------------------------------------------

    /** Starts a job that holds a slot. */
    private void run(Job job) {
        Job.KillReason killedEarly;
        synchronized (lock) {
            killedEarly = job.future.isDone() && job.killReason == null ? Job.KillReason.CANCELLED : job.killReason;
            if (killedEarly == null) {
                job.state = Job.State.RUNNING;
                job.startNanos = System.nanoTime();
            }
        }
        if (killedEarly != null) { // cancelled or stopped between assignment and start
            Runnable next = release(job);
            finishUnstarted(job, TaskStatus.CANCELLED, killedEarly == Job.KillReason.STOPPED ? "pool stopped"
                    : "cancelled");
            next.run();
            return;
        }
        Runner.Execution exec;
        try {
            exec = runner.start(job.task, job.slot.id(), settings.get());
        } catch (RuntimeException e) {
            LOG.warn("Pool {}: task {} could not start", poolId, job.task.id(), e);
            exec = Runner.Execution.done(Runner.Outcome.failed("could not start the task: " + e.getMessage()));
        }
        ScheduledFuture<?> timer = exec.completion().isDone() ? null : scheduler.schedule(
                () -> kill(job, Job.KillReason.TIMEOUT), job.task.timeout().toNanos(), TimeUnit.NANOSECONDS);
        boolean killNow;
        synchronized (lock) {
            job.execution = exec;
            job.timeout = timer;
            killNow = job.killReason != null;
        }
        if (killNow) {
            exec.kill();
        }
        exec.completion().whenCompleteAsync((o, err) -> finish(job, o, err), io);
    }

    /** A job's work is over: its result, then the slot goes to the next job. */
    private void finish(Job job, Runner.Outcome o, Throwable err) {
        Duration took = Duration.ofNanos(System.nanoTime() - job.startNanos);
        Runner.Outcome outcome = err != null ? Runner.Outcome.failed("worker error: " + err) : o;
        Job.KillReason reason;
        synchronized (lock) {
            reason = job.killReason;
        }
        TaskStatus st = reason == null ? outcome.status()
                : reason == Job.KillReason.TIMEOUT ? TaskStatus.TIMEOUT : TaskStatus.CANCELLED;
        String error = reason == null ? outcome.error()
                : reason == Job.KillReason.TIMEOUT ? "Task timed out after " + seconds(job.task.timeout()) + " s"
                : reason == Job.KillReason.STOPPED ? "pool stopped" : "cancelled";
        TaskResult result = new TaskResult(job.task.id(), poolId, job.slot.id(), st, outcome.output(), error, took,
                outcome.truncated(), outcome.exitCode(), null, outcome.metadata());
        if (job.timeout != null) {
            job.timeout.cancel(false);
        }
        Runnable next = release(job);
        count(result);
        try {
            ran.accept(result);
        } catch (RuntimeException e) {
            LOG.warn("Pool {}: recording task {} failed", poolId, job.task.id(), e);
        }
        job.complete(result);
        next.run();
    }

    /**
     * Gives back a job's slot and assigns it to the next waiting job, under the lock. The returned action starts
     * that job (and completes a pending close); the caller runs it after the finished job's result is out.
     */
    private Runnable release(Job job) {
        List<Job> toRun = new ArrayList<>(1);
        List<Job> expired = new ArrayList<>(0);
        CompletableFuture<Void> closeDone;
        synchronized (lock) {
            job.state = Job.State.DONE;
            active.remove(job);
            slots.release(job.slot);
            if (closed == null) {
                dispatch(toRun, expired);
            }
            closeDone = closed != null && active.isEmpty() ? closed : null;
            publishFigures();
        }
        return () -> {
            expired.forEach(j -> finishUnstarted(j, TaskStatus.FAILED, "deadline_exceeded"));
            toRun.forEach(this::run);
            if (closeDone != null) {
                closeDone.complete(null);
            }
        };
    }

    /** Assigns idle slots to waiting jobs; expired ones leave without a slot. Under the lock. */
    private void dispatch(List<Job> toRun, List<Job> expired) {
        while (!queue.isEmpty() && slots.hasIdle()) {
            Job next = queue.poll();
            if (pastDeadline(next.task)) {
                next.state = Job.State.DONE;
                expired.add(next);
            } else {
                assign(next);
                toRun.add(next);
            }
        }
    }

    /** Under the lock. */
    private void assign(Job job) {
        job.slot = slots.acquire();
        job.state = Job.State.ASSIGNED;
        active.add(job);
    }

    /** @return true if the job was still waiting and has now left the queue (it is done, without a slot) */
    private boolean dequeue(Job job) {
        synchronized (lock) {
            if (job.state != Job.State.QUEUED || !queue.remove(job.entry)) {
                return false;
            }
            job.state = Job.State.DONE;
            publishFigures();
            return true;
        }
    }

    /** The deadline of a job passed: it leaves the queue if it still waits there. */
    private void expire(Job job) {
        if (dequeue(job)) {
            finishUnstarted(job, TaskStatus.FAILED, "deadline_exceeded");
        }
    }

    /** The caller cancelled or completed the future: drop a waiting job, kill a running one. */
    private void abandon(Job job) {
        if (dequeue(job)) {
            failed.incrementAndGet();
        } else {
            kill(job, Job.KillReason.CANCELLED);
        }
    }

    private void kill(Job job, Job.KillReason reason) {
        Runner.Execution exec;
        synchronized (lock) {
            if (job.state == Job.State.DONE || job.state == Job.State.QUEUED) {
                return;
            }
            if (job.killReason == null) {
                job.killReason = reason;
            }
            exec = job.execution;
        }
        if (exec != null) {
            if (reason == Job.KillReason.TIMEOUT) {
                LOG.info("Pool {}: task {} timed out after {} s on {}; killing it", poolId, job.task.id(),
                        seconds(job.task.timeout()), job.slot.id());
            }
            exec.kill();
        }
    }

    /** Completes a job that never ran (expired, dropped at close, cancelled before start). */
    private void finishUnstarted(Job job, TaskStatus st, String error) {
        TaskResult r = TaskResult.unsuccessful(job.task, poolId, st, error, Duration.ZERO);
        count(r);
        job.complete(r);
    }

    private void count(TaskResult r) {
        (r.isSuccess() ? completed : failed).incrementAndGet();
    }

    /** Under the lock. */
    private void publishFigures() {
        busyNow = slots.busy();
        totalNow = slots.total();
        queuedNow = queue.size();
    }

    private static boolean pastDeadline(Task task) {
        return task.deadline() != null && Instant.now().isAfter(task.deadline());
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }
}

package io.mahavishnu.pool.local.internal;

import io.mahavishnu.api.memory.MemoryBatch;
import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolContext;
import io.mahavishnu.api.pool.PoolHealth;
import io.mahavishnu.api.pool.PoolMetrics;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.pool.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * A pool of type {@code mahavishnu}: {@code workers} slots, each running one task at a time through the
 * {@link Runner} of the pool's worker type.
 *
 * <h2>Scheduling</h2>
 * A task runs at once on the least recently used idle slot; otherwise it waits in a queue of at most
 * {@code queue_size} tasks (more are rejected with {@code queue_full:}). The queue serves higher priorities first,
 * arrival order within a priority, with aging: a waiting task is never overtaken by a task that arrived more than
 * {@code Δpriority × aging_interval} after it ({@link TaskQueue}). A task whose deadline passed before it got a
 * slot fails with {@code deadline_exceeded} without running. The timeout counts from the start on the slot.
 *
 * <h2>Cancellation</h2>
 * Cancelling (or otherwise completing) the future returned by {@link #execute} removes a waiting task from the
 * queue or kills a running one; its slot is free again only once its processes are gone. {@link #stop()} ends
 * waiting tasks as cancelled ("pool stopped"), kills running ones and completes when all are gone.
 *
 * <h2>Threading</h2>
 * {@code lock} guards {@code status} writes, {@code slots}, {@code queue}, {@code active}, {@code stopped} and the
 * mutable fields of each {@link Job}. Nothing slow runs under it: processes start, futures complete and the
 * manager is notified after it is released. {@code status} and the three figures read by {@link #metrics()} are
 * volatile copies so metrics never take the lock. Counters are atomics; the memory log has its own lock.
 */
final class LocalPool implements BasePool {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPool.class);

    private final String id;
    private final PoolConfig config;
    private final PoolContext context;
    private final Runner runner;
    private final Supplier<LocalPoolSettings> settings;
    private final ScheduledExecutorService scheduler;
    private final Executor io;
    private final LongSupplier clock;
    private final MemoryLog memory;
    private final Consumer<LocalPool> onStopped;

    private final Object lock = new Object();
    private volatile PoolStatus status = PoolStatus.PENDING;
    private final WorkerSlots slots;
    private final TaskQueue<Job> queue;
    /** Jobs holding a slot. */
    private final Set<Job> active = new LinkedHashSet<>();
    /** Non-null once {@link #stop()} was called. */
    private CompletableFuture<Void> stopped;

    private volatile int busyNow;
    private volatile int totalNow;
    private volatile int queuedNow;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    /**
     * @param context   id, configuration and the manager's callback
     * @param runner    runs tasks of the pool's worker type
     * @param settings  the pool type's settings now (read for every task)
     * @param scheduler timeouts and delays
     * @param io        continuations after a task ends
     * @param clock     {@code System.nanoTime()} or a test clock; orders the queue
     * @param onStopped told once when the pool has stopped and everything is released
     */
    LocalPool(PoolContext context, Runner runner, Supplier<LocalPoolSettings> settings,
              ScheduledExecutorService scheduler, Executor io, LongSupplier clock, Consumer<LocalPool> onStopped) {
        this.id = context.poolId();
        this.config = context.config();
        this.context = context;
        this.runner = runner;
        this.settings = settings;
        this.scheduler = scheduler;
        this.io = io;
        this.clock = clock;
        this.onStopped = onStopped;
        this.slots = new WorkerSlots(id);
        this.queue = new TaskQueue<>(clock.getAsLong());
        this.memory = new MemoryLog(id, config.poolType(), () -> settings.get().memoryItemsRetained(),
                System.currentTimeMillis() * 1000);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    @Override
    public PoolStatus status() {
        return status;
    }

    @Override
    public CompletionStage<Void> start() {
        synchronized (lock) {
            if (status.acceptsTasks()) {
                return CompletableFuture.completedFuture(null);
            }
            if (status != PoolStatus.PENDING) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "pool " + id + " cannot start: it is " + status.wireName()));
            }
            status = PoolStatus.INITIALIZING;
        }
        stateChanged();
        String problem = runner.preflight(settings.get());
        synchronized (lock) {
            if (problem == null && status == PoolStatus.INITIALIZING) {
                slots.resize(config.minWorkers());
                status = PoolStatus.RUNNING;
                publishFigures();
            } else if (status == PoolStatus.INITIALIZING) {
                status = PoolStatus.FAILED;
            } else {
                problem = "pool " + id + " was stopped while starting";
            }
        }
        stateChanged();
        if (problem != null) {
            LOG.warn("Pool {} failed to start: {}", id, problem);
            return CompletableFuture.failedFuture(new IllegalStateException(problem));
        }
        LOG.info("Pool {} running with {} {} workers", id, config.minWorkers(), config.workerType());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<TaskResult> execute(Task task) {
        Objects.requireNonNull(task, "task");
        LocalPoolSettings s = settings.get();
        Job job = new Job(task);
        synchronized (lock) {
            if (!status.acceptsTasks()) {
                return CompletableFuture.failedFuture(new IllegalStateException(status == PoolStatus.STOPPED
                        ? "pool " + id + " is stopped" : "pool " + id + " is not running (status " + status.wireName() + ")"));
            }
            if (pastDeadline(task)) {
                job.state = Job.State.DONE;
            } else if (queue.isEmpty() && slots.hasIdle()) {
                assign(job);
            } else if (queue.size() < s.queueSize()) {
                job.entry = queue.add(job, task.priority(), clock.getAsLong(), s.agingInterval().toNanos());
            } else {
                rejected.incrementAndGet();
                return CompletableFuture.failedFuture(new RejectedExecutionException("queue_full: pool " + id
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
        }
        return job.future;
    }

    @Override
    public CompletionStage<Void> scale(int targetWorkers) {
        if (targetWorkers < config.minWorkers() || targetWorkers > config.maxWorkers()) {
            return CompletableFuture.failedFuture(new ValidationException("target_workers", targetWorkers,
                    "must be between min_workers=" + config.minWorkers() + " and max_workers=" + config.maxWorkers()));
        }
        synchronized (lock) {
            if (!status.acceptsTasks()) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "pool " + id + " cannot scale: it is " + status.wireName()));
            }
            status = PoolStatus.SCALING;
        }
        stateChanged();
        List<Job> toRun = new ArrayList<>();
        List<Job> expired = new ArrayList<>();
        try {
            synchronized (lock) {
                slots.resize(targetWorkers);
                dispatch(toRun, expired);
                publishFigures();
            }
        } finally {
            synchronized (lock) {
                if (status == PoolStatus.SCALING) {
                    status = PoolStatus.RUNNING;
                }
            }
            stateChanged();
        }
        LOG.info("Pool {} scaled to {} workers", id, targetWorkers);
        expired.forEach(j -> finishUnstarted(j, TaskStatus.FAILED, "deadline_exceeded"));
        toRun.forEach(this::run);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<PoolHealth> health() {
        PoolStatus now = status;
        int workers;
        int busy;
        int waiting;
        synchronized (lock) {
            workers = slots.target();
            busy = slots.busy();
            waiting = queue.size();
        }
        HealthStatus h = !now.acceptsTasks() ? HealthStatus.UNHEALTHY
                : workers >= config.minWorkers() ? HealthStatus.HEALTHY : HealthStatus.DEGRADED;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("workers_active", busy);
        details.put("workers", workers);
        details.put("queued", waiting);
        details.put("tasks_completed", completed.get());
        details.put("tasks_failed", failed.get());
        details.put("tasks_rejected", rejected.get());
        details.put("worker_type", config.workerType());
        details.put("status", now.wireName());
        return CompletableFuture.completedFuture(new PoolHealth(id, config.poolType(), h, details));
    }

    @Override
    public PoolMetrics metrics() {
        return PoolMetrics.ofWorkers(id, status, busyNow, totalNow, queuedNow);
    }

    @Override
    public CompletionStage<MemoryBatch> collectMemory(String cursor) {
        try {
            return CompletableFuture.completedFuture(memory.since(cursor));
        } catch (ValidationException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Void> stop() {
        List<Job> dropped;
        List<Runner.Execution> toKill = new ArrayList<>();
        boolean idle;
        synchronized (lock) {
            if (stopped != null) {
                return stopped.copy();
            }
            stopped = new CompletableFuture<>();
            status = PoolStatus.STOPPED;
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
        stateChanged();
        LOG.info("Pool {} stopping: {} waiting tasks cancelled, {} running tasks killed", id, dropped.size(),
                toKill.size());
        dropped.forEach(j -> finishUnstarted(j, TaskStatus.CANCELLED, "pool stopped"));
        toKill.forEach(Runner.Execution::kill);
        if (idle && stopped.complete(null)) {
            onStopped.accept(this);
        }
        return stopped.copy();
    }

    // --- task lifecycle ---------------------------------------------------------------------------------

    /** Starts a job that holds a slot. Called without the lock. */
    private void run(Job job) {
        synchronized (lock) {
            if (job.killReason != null || job.future.isDone()) {
                job.state = Job.State.DONE;
            } else {
                job.state = Job.State.RUNNING;
                job.startNanos = System.nanoTime();
            }
        }
        if (job.state == Job.State.DONE) { // cancelled or stopped between assignment and start
            Runnable next = release(job);
            finishUnstarted(job, TaskStatus.CANCELLED, job.killReason == Job.KillReason.STOPPED ? "pool stopped"
                    : "cancelled");
            next.run();
            return;
        }
        Runner.Execution exec;
        try {
            exec = runner.start(job.task, job.slot.id(), settings.get());
        } catch (RuntimeException e) {
            LOG.warn("Pool {}: task {} could not start", id, job.task.id(), e);
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

    /** A job's work is over: result, free the slot, start the next. */
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
        TaskResult result = new TaskResult(job.task.id(), id, job.slot.id(), st, outcome.output(), error, took,
                outcome.truncated(), outcome.exitCode(), null, outcome.metadata());
        if (job.timeout != null) {
            job.timeout.cancel(false);
        }
        Runnable next = release(job);
        count(result);
        if (config.memoryEnabled()) {
            memory.record(result, Instant.now());
        }
        job.complete(result);
        next.run();
    }

    /**
     * Gives back a job's slot and assigns it to the next waiting job. Called without the lock; the returned
     * action starts that job (and completes a pending stop) and runs after the finished job's result is out.
     */
    private Runnable release(Job job) {
        List<Job> toRun = new ArrayList<>(1);
        List<Job> expired = new ArrayList<>(0);
        CompletableFuture<Void> stopDone;
        synchronized (lock) {
            job.state = Job.State.DONE;
            active.remove(job);
            slots.release(job.slot);
            if (stopped == null) {
                dispatch(toRun, expired);
            }
            stopDone = stopped != null && active.isEmpty() ? stopped : null;
            publishFigures();
        }
        return () -> {
            expired.forEach(j -> finishUnstarted(j, TaskStatus.FAILED, "deadline_exceeded"));
            toRun.forEach(this::run);
            if (stopDone != null && stopDone.complete(null)) {
                onStopped.accept(this);
            }
        };
    }

    /** Assigns idle slots to waiting jobs; expired ones are taken out without a slot. Under the lock. */
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

    private void assign(Job job) {
        job.slot = slots.acquire();
        job.state = Job.State.ASSIGNED;
        active.add(job);
    }

    /** The caller cancelled or completed the future: drop a waiting job, kill a running one. */
    private void abandon(Job job) {
        boolean wasQueued = false;
        synchronized (lock) {
            if (job.state == Job.State.QUEUED && queue.remove(job.entry)) {
                job.state = Job.State.DONE;
                wasQueued = true;
                publishFigures();
            }
        }
        if (wasQueued) {
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
                LOG.info("Pool {}: task {} timed out after {} s on {}; killing it", id, job.task.id(),
                        seconds(job.task.timeout()), job.slot.id());
            }
            exec.kill();
        }
    }

    /** Completes a job that never ran (expired, dropped at stop, cancelled before start). */
    private void finishUnstarted(Job job, TaskStatus st, String error) {
        TaskResult r = TaskResult.unsuccessful(job.task, id, st, error, Duration.ZERO);
        count(r);
        job.complete(r);
    }

    private void count(TaskResult r) {
        (r.isSuccess() ? completed : failed).incrementAndGet();
    }

    /** Copies the figures read by {@link #metrics()}. Under the lock. */
    private void publishFigures() {
        busyNow = slots.busy();
        totalNow = slots.total();
        queuedNow = queue.size();
    }

    private void stateChanged() {
        try {
            context.stateChanged();
        } catch (RuntimeException e) {
            LOG.warn("Pool {}: state change listener failed", id, e);
        }
    }

    private static boolean pastDeadline(Task task) {
        return task.deadline() != null && Instant.now().isAfter(task.deadline());
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }
}

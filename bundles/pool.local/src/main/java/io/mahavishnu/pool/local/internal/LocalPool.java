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
import io.mahavishnu.api.pool.ValidationException;
import io.mahavishnu.pool.support.MemoryLog;
import io.mahavishnu.pool.support.PoolChecks;
import io.mahavishnu.pool.support.TaskQueue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of type {@code mahavishnu}: {@code workers} slots (from {@code min_workers}, scaled within
 * [{@code min_workers}, {@code max_workers}]), each running one task at a time through the {@link Runner} of the
 * pool's worker type. Lifecycle: pending → initializing → running ⇄ scaling → stopped, or failed when start fails.
 *
 * <h2>Scheduling</h2>
 * A task runs at once on the least recently used idle slot; otherwise it waits in a queue of at most
 * {@code queue_size} tasks (more are rejected with {@code queue_full:}). The queue serves higher priorities first,
 * arrival order within a priority, with aging: <b>a waiting task is never overtaken by a task that arrived more than
 * {@code Δpriority × aging_interval} after it</b> ({@link TaskQueue}). A task whose deadline passed before it got a
 * slot fails with {@code deadline_exceeded} without running. The timeout counts from the start on the slot.
 *
 * <h2>Cancellation</h2>
 * Cancelling (or otherwise completing) the future returned by {@link #execute} removes a waiting task from the
 * queue or kills a running one; its slot is free again only once its processes are gone. {@link #stop()} ends
 * waiting tasks as cancelled ("pool stopped"), kills running ones and completes when all are gone.
 *
 * <h2>Threading</h2>
 * {@code lock} guards writes of {@code status} (volatile, so reads need no lock) and orders status changes with
 * the {@link Dispatcher}'s open/close; the dispatcher guards slots, queue and jobs with its own lock and never calls
 * back into this class under it. The manager is told about status changes after the lock is released.
 */
final class LocalPool implements BasePool {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPool.class);

    private final String id;
    private final PoolConfig config;
    private final PoolContext context;
    private final Runner runner;
    private final Supplier<LocalPoolSettings> settings;
    private final Consumer<LocalPool> onStopped;
    private final MemoryLog memory;
    private final Dispatcher dispatcher;

    private final Object lock = new Object();
    private volatile PoolStatus status = PoolStatus.PENDING;

    /**
     * @param context   id, configuration and the manager's callback
     * @param runner    runs tasks of the pool's worker type
     * @param settings  the pool type's settings now (read for every task)
     * @param scheduler timeouts and delays
     * @param io        continuations after a task ends
     * @param clock     {@code System.nanoTime()} or a test clock; orders the queue
     * @param onStopped told when the pool holds nothing any more: it stopped, or it failed to start
     */
    LocalPool(PoolContext context, Runner runner, Supplier<LocalPoolSettings> settings,
              ScheduledExecutorService scheduler, Executor io, LongSupplier clock, Consumer<LocalPool> onStopped) {
        this.id = context.poolId();
        this.config = context.config();
        this.context = context;
        this.runner = runner;
        this.settings = settings;
        this.onStopped = onStopped;
        this.memory = new MemoryLog(id, config.poolType(), () -> settings.get().memoryItemsRetained(),
                System.currentTimeMillis() * 1000);
        Consumer<TaskResult> record = config.memoryEnabled() ? r -> memory.record(r, Instant.now(), Map.of()) : r -> { };
        this.dispatcher = new Dispatcher(id, runner, settings, scheduler, io, clock, record);
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
                dispatcher.open(config.minWorkers());
                status = PoolStatus.RUNNING;
            } else if (status == PoolStatus.INITIALIZING) {
                status = PoolStatus.FAILED; // the check comes before any slot exists: nothing to clean up
            } else {
                problem = "pool " + id + " was stopped while starting";
            }
        }
        stateChanged();
        if (problem != null) {
            LOG.warn("Pool {} failed to start: {}", id, problem);
            onStopped.accept(this);
            return CompletableFuture.failedFuture(new IllegalStateException(problem));
        }
        LOG.info("Pool {} running with {} {} workers", id, config.minWorkers(), config.workerType());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<TaskResult> execute(Task task) {
        Objects.requireNonNull(task, "task");
        PoolStatus now = status;
        if (!now.acceptsTasks()) {
            return CompletableFuture.failedFuture(PoolChecks.notAccepting(id, now));
        }
        return dispatcher.submit(task);
    }

    @Override
    public CompletionStage<Void> scale(int targetWorkers) {
        ValidationException outside = PoolChecks.scaleTargetOutside(targetWorkers, config.minWorkers(),
                config.maxWorkers());
        if (outside != null) {
            return CompletableFuture.failedFuture(outside);
        }
        synchronized (lock) {
            if (!status.acceptsTasks()) {
                return CompletableFuture.failedFuture(PoolChecks.cannotScale(id, status));
            }
            status = PoolStatus.SCALING;
        }
        stateChanged();
        try {
            dispatcher.resize(targetWorkers);
            LOG.info("Pool {} scaled to {} workers", id, targetWorkers);
        } finally {
            synchronized (lock) {
                if (status == PoolStatus.SCALING) {
                    status = PoolStatus.RUNNING;
                }
            }
            stateChanged();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<PoolHealth> health() {
        PoolStatus now = status;
        int workers = dispatcher.workers();
        HealthStatus h = !now.acceptsTasks() ? HealthStatus.UNHEALTHY
                : workers >= config.minWorkers() ? HealthStatus.HEALTHY : HealthStatus.DEGRADED;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("workers_active", dispatcher.busy());
        details.put("workers", workers);
        details.put("queued", dispatcher.queued());
        details.put("tasks_completed", dispatcher.completed.get());
        details.put("tasks_failed", dispatcher.failed.get());
        details.put("tasks_rejected", dispatcher.rejected.get());
        details.put("memory_items_dropped", memory.dropped());
        details.put("worker_type", config.workerType());
        details.put("pool_status", now.wireName());
        return CompletableFuture.completedFuture(new PoolHealth(id, config.poolType(), h, details));
    }

    @Override
    public PoolMetrics metrics() {
        return PoolMetrics.ofWorkers(id, status, dispatcher.busy(), dispatcher.total(), dispatcher.queued(),
                dispatcher.rejected.get());
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
        boolean first;
        synchronized (lock) {
            first = status != PoolStatus.STOPPED;
            status = PoolStatus.STOPPED;
        }
        CompletableFuture<Void> gone = dispatcher.close(); // a start still in progress will not open it any more
        if (first) {
            stateChanged();
            gone.thenRun(() -> {
                LOG.info("Pool {} stopped", id);
                onStopped.accept(this);
            });
        }
        return gone.copy();
    }

    private void stateChanged() {
        try {
            context.stateChanged();
        } catch (RuntimeException e) {
            LOG.warn("Pool {}: state change listener failed", id, e);
        }
    }
}

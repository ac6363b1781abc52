package io.mahavishnu.pool.sessionbuddy.internal;

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
import io.mahavishnu.pool.support.DeadlineTimer;
import io.mahavishnu.pool.support.MemoryLog;
import io.mahavishnu.pool.support.PoolChecks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of type {@code session-buddy}: its workers live on a remote Session-Buddy and are driven through
 * {@link SessionBuddyClient}. Start spawns {@code pool_size} workers (an unreachable Session-Buddy fails the start with
 * a clear error); tasks spread over the workers, one prompt per worker at a time ({@link Workers}); scale spawns or
 * closes remote workers; stop closes exactly this pool's workers. Each finished task becomes a memory item.
 *
 * <p>{@code lock} guards status changes; the manager is told about them after it is released.
 */
final class SessionBuddyPool implements BasePool {

    private static final Logger LOG = LoggerFactory.getLogger(SessionBuddyPool.class);
    /** {@code worker_execute}'s status for a worker Session-Buddy does not know. */
    static final String UNKNOWN_WORKER = "unknown_worker";

    private final String id;
    private final PoolConfig config;
    private final PoolContext context;
    private final SessionBuddyClient client;
    private final int initialSize;
    private final Workers workers;
    private final MemoryLog memory;
    /** Added to each memory item: which Session-Buddy ran the task. */
    private final Map<String, String> memoryExtra;
    private final Consumer<SessionBuddyPool> onGone;
    private final Object lock = new Object();
    private final java.util.Set<CompletableFuture<TaskResult>> inFlight =
            java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile PoolStatus status = PoolStatus.PENDING;

    SessionBuddyPool(PoolContext context, SessionBuddyClient client, SessionBuddySettings settings,
                     Consumer<SessionBuddyPool> onGone) {
        this.id = context.poolId();
        this.config = context.config();
        this.context = context;
        this.client = client;
        this.initialSize = settings.sizeOf(config);
        this.workers = new Workers(settings::queueSize);
        int retained = settings.memoryRetained();
        this.memory = new MemoryLog(id, config.poolType(), () -> retained, System.currentTimeMillis() * 1000);
        this.memoryExtra = Map.of("session_buddy_url", client.url());
        this.onGone = onGone;
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

    private boolean move(PoolStatus from, PoolStatus to) {
        synchronized (lock) {
            if (from != null && status != from) {
                return false;
            }
            status = to;
        }
        stateChanged();
        return true;
    }

    @Override
    public CompletionStage<Void> start() {
        if (!move(PoolStatus.PENDING, PoolStatus.INITIALIZING)) {
            return status.acceptsTasks() ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(
                    new IllegalStateException("pool " + id + " cannot start: it is " + status.wireName()));
        }
        return client.spawn(config.workerType(), initialSize, id).handle((ids, err) -> {
            if (err == null && ids.size() >= Math.max(1, config.minWorkers()) && status == PoolStatus.INITIALIZING) {
                workers.add(ids);
                move(PoolStatus.INITIALIZING, PoolStatus.RUNNING);
                LOG.info("Pool {} running with {} workers on Session-Buddy {}", id, ids.size(), client.url());
                return null;
            }
            if (ids != null) {
                ids.forEach(this::closeRemote);
            }
            String why = err != null ? "Session-Buddy at " + client.url() + " is unreachable or refused worker_spawn: "
                    + root(err).getMessage() + ". Start Session-Buddy or set extra_config.session_buddy_url"
                    : status != PoolStatus.INITIALIZING ? "pool " + id + " was stopped while starting"
                    : "Session-Buddy at " + client.url() + " spawned " + ids.size() + " workers, fewer than "
                    + "min_workers=" + config.minWorkers();
            move(null, PoolStatus.FAILED);
            client.close();
            onGone.accept(this);
            LOG.warn("Pool {} failed to start: {}", id, why);
            throw new CompletionException(new IllegalStateException(why));
        });
    }

    @Override
    public CompletionStage<TaskResult> execute(Task task) {
        Objects.requireNonNull(task, "task");
        if (!status.acceptsTasks()) {
            return CompletableFuture.failedFuture(new IllegalStateException("pool " + id + " is not running (status "
                    + status.wireName() + ")"));
        }
        CompletableFuture<String> slot = workers.acquire(task.priority());
        CompletableFuture<TaskResult> result = new CompletableFuture<>();
        inFlight.add(result);
        result.whenComplete((r, e) -> {
            inFlight.remove(result);
            slot.cancel(false);
        });
        slot.whenComplete((workerId, err) -> {
            if (err != null) {
                result.completeExceptionally(root(err));
            } else if (result.isDone()) {
                release(workerId);
            } else if (task.deadline() != null && Instant.now().isAfter(task.deadline())) {
                release(workerId);
                result.complete(deadlineExceeded(task));
            } else {
                run(task, workerId, result, true);
            }
        });
        if (task.deadline() != null && !slot.isDone()) {
            // Waiting for a worker: the caller hears deadline_exceeded when the deadline passes (which also takes
            // the task out of the queue), not when a worker frees up.
            DeadlineTimer.at(result, task.deadline(), r -> {
                if (!slot.isDone()) {
                    r.complete(deadlineExceeded(task));
                }
            });
        }
        return result;
    }

    private TaskResult deadlineExceeded(Task task) {
        return TaskResult.unsuccessful(task, id, TaskStatus.FAILED, "deadline_exceeded: the task did not start "
                + "before its deadline " + task.deadline(), Duration.ZERO);
    }

    private void run(Task task, String workerId, CompletableFuture<TaskResult> result, boolean mayReplace) {
        long start = System.nanoTime();
        CompletableFuture<SessionBuddyClient.Outcome> call = client.execute(workerId, task.prompt(), task.timeout())
                .toCompletableFuture();
        result.whenComplete((r, e) -> call.cancel(true));
        call.whenComplete((o, err) -> {
            if (err == null && mayReplace && unknownWorker(o) && !result.isDone()) {
                replaceAndRun(task, workerId, result);
                return;
            }
            release(workerId);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            TaskResult r = err != null ? failure(task, workerId, err, took) : result(task, workerId, o, took);
            if (config.memoryEnabled()) {
                memory.record(r, Instant.now(), memoryExtra);
            }
            result.complete(r);
        });
    }

    private TaskResult result(Task task, String workerId, SessionBuddyClient.Outcome o, Duration took) {
        TaskStatus st = status(o);
        String error = st == TaskStatus.FAILED && o.error() == null ? "Session-Buddy reported status '" + o.status()
                + "'" : o.error();
        return new TaskResult(task.id(), id, workerId, st, o.output(), st == TaskStatus.COMPLETED ? null : error,
                took, false, null, null, Map.of("session_buddy_url", client.url()));
    }

    /** @return whether Session-Buddy answered that it does not know the worker (e.g. it restarted since) */
    static boolean unknownWorker(SessionBuddyClient.Outcome o) {
        return o != null && UNKNOWN_WORKER.equalsIgnoreCase(o.status());
    }

    /**
     * Session-Buddy does not know the task's worker (it restarted and forgot its workers): a new remote worker takes
     * the lost one's place and the task runs there, once. The prompt never ran, so running it again is safe. When no
     * replacement can be spawned the task fails saying so, and the lost worker stays in place: the next task tries
     * again.
     *
     * @param lost   the worker the task holds
     * @param result completed with the task's result
     */
    void replaceAndRun(Task task, String lost, CompletableFuture<TaskResult> result) {
        client.spawn(config.workerType(), 1, id).toCompletableFuture().whenComplete((ids, err) -> {
            String fresh = err == null && ids != null && !ids.isEmpty() ? ids.get(0) : null;
            if (fresh != null && workers.replace(lost, fresh)) {
                LOG.info("Session-Buddy {} no longer knows worker {} of pool {} (did it restart?); worker {} "
                        + "replaces it", client.url(), lost, id, fresh);
                run(task, fresh, result, false);
                return;
            }
            if (fresh != null) {
                closeRemote(fresh); // the pool stopped meanwhile
            }
            release(lost);
            String why = "Session-Buddy at " + client.url() + " no longer knows worker " + lost + " (did it restart?)"
                    + " and " + (err != null ? "spawning a replacement failed: " + root(err).getMessage()
                    : fresh == null ? "worker_spawn returned no worker" : "the pool stopped meanwhile");
            TaskResult r = TaskResult.unsuccessful(task, id, TaskStatus.FAILED, why, Duration.ZERO);
            if (config.memoryEnabled()) {
                memory.record(r, Instant.now(), memoryExtra);
            }
            result.complete(r);
        });
    }

    /** @return the task status for Session-Buddy's status string; anything unknown is failed */
    static TaskStatus status(SessionBuddyClient.Outcome o) {
        return switch (o.status().toLowerCase(java.util.Locale.ROOT)) {
            case "completed" -> TaskStatus.COMPLETED;
            case "timeout" -> TaskStatus.TIMEOUT;
            case "cancelled" -> TaskStatus.CANCELLED;
            default -> TaskStatus.FAILED;
        };
    }

    private TaskResult failure(Task task, String workerId, Throwable err, Duration took) {
        Throwable root = root(err);
        boolean timeout = root instanceof io.mahavishnu.mcp.client.McpToolException e
                && e.kind() == io.mahavishnu.mcp.client.McpToolException.Kind.TIMEOUT;
        return new TaskResult(task.id(), id, workerId, timeout ? TaskStatus.TIMEOUT : TaskStatus.FAILED, null,
                root.getMessage(), took, false, null, null, Map.of("session_buddy_url", client.url()));
    }

    @Override
    public CompletionStage<Map<String, TaskResult>> executeBatch(List<Task> tasks) {
        return new BatchRun(this, tasks).run();
    }

    /** For {@link BatchRun}: waits for one worker, then takes every other idle one up to {@code max}. */
    CompletableFuture<List<String>> acquireUpTo(int max, int priority) {
        return workers.acquire(priority).thenApply(first -> {
            List<String> ids = new ArrayList<>(List.of(first));
            String more;
            while (ids.size() < max && (more = workers.tryAcquire()) != null) {
                ids.add(more);
            }
            return ids;
        });
    }

    SessionBuddyClient client() {
        return client;
    }

    void finished(TaskResult r) {
        if (config.memoryEnabled()) {
            memory.record(r, Instant.now(), memoryExtra);
        }
    }

    void release(String workerId) {
        if (workers.release(workerId)) {
            closeRemote(workerId);
        }
    }

    @Override
    public CompletionStage<Void> scale(int target) {
        ValidationException outside = PoolChecks.scaleTargetOutside(target, Math.max(1, config.minWorkers()),
                config.maxWorkers());
        if (outside != null) {
            return CompletableFuture.failedFuture(outside);
        }
        if (!move(PoolStatus.RUNNING, PoolStatus.SCALING)) {
            return CompletableFuture.failedFuture(PoolChecks.cannotScale(id, status));
        }
        int now = workers.total();
        CompletionStage<Void> step;
        if (target > now) {
            step = client.spawn(config.workerType(), target - now, id).thenAccept(workers::add);
        } else {
            List<CompletableFuture<Void>> closes = new ArrayList<>();
            workers.remove(now - target).forEach(w -> closes.add(closeRemote(w)));
            step = CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new));
        }
        return step.whenComplete((v, err) -> {
            move(PoolStatus.SCALING, PoolStatus.RUNNING);
            if (err == null) {
                LOG.info("Pool {} scaled to {} workers", id, target);
            }
        });
    }

    @Override
    public CompletionStage<PoolHealth> health() {
        PoolStatus now = status;
        int total = workers.total();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("workers_active", workers.busy());
        details.put("workers", total);
        details.put("max_workers", config.maxWorkers());
        details.put("queued", workers.queued());
        details.put("memory_items_dropped", memory.dropped());
        details.put("session_buddy_url", client.url());
        details.put("pool_status", now.wireName());
        if (!now.acceptsTasks()) {
            return CompletableFuture.completedFuture(new PoolHealth(id, config.poolType(), HealthStatus.UNHEALTHY,
                    details));
        }
        return client.health().handle((remote, err) -> {
            HealthStatus h;
            if (err != null) {
                details.put("error", "Session-Buddy at " + client.url() + " is unreachable: "
                        + root(err).getMessage());
                h = HealthStatus.UNHEALTHY;
            } else {
                details.put("worker_health", remote);
                h = total == 0 ? HealthStatus.UNHEALTHY
                        : total < Math.max(1, config.minWorkers()) ? HealthStatus.DEGRADED : HealthStatus.HEALTHY;
            }
            return new PoolHealth(id, config.poolType(), h, details);
        });
    }

    @Override
    public PoolMetrics metrics() {
        return PoolMetrics.ofWorkers(id, status, workers.busy(), workers.total(), workers.queued(),
                workers.rejected());
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
        PoolStatus before;
        synchronized (lock) {
            before = status;
            status = PoolStatus.STOPPED;
        }
        if (before == PoolStatus.STOPPED) {
            return CompletableFuture.completedFuture(null);
        }
        stateChanged();
        for (CompletableFuture<TaskResult> running : List.copyOf(inFlight)) {
            running.cancel(false); // the caller sees cancelled; the remote prompt ends with its worker below
        }
        List<CompletableFuture<Void>> closes = new ArrayList<>();
        for (String w : workers.closeAll()) {
            closes.add(closeRemote(w));
        }
        return CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            client.close();
            onGone.accept(this);
            LOG.info("Pool {} stopped; its {} workers on {} closed", id, closes.size(), client.url());
        });
    }

    /** Closes one remote worker; a failure is logged (the worker is gone from this pool either way). */
    private CompletableFuture<Void> closeRemote(String workerId) {
        return client.close(workerId).toCompletableFuture().handle((v, e) -> {
            if (e != null) {
                LOG.warn("Pool {}: closing worker {} on {} failed: {}", id, workerId, client.url(),
                        root(e).getMessage());
            }
            return null;
        });
    }

    private void stateChanged() {
        try {
            context.stateChanged();
        } catch (RuntimeException e) {
            LOG.warn("Pool {}: state change listener failed", id, e);
        }
    }

    static Throwable root(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}

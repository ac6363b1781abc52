package io.mahavishnu.pool.kubernetes.internal;

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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of type {@code kubernetes}: every task runs as one Kubernetes Job in the pool's namespace, at most
 * {@code workers} Jobs at once ({@code max_workers} at start, changed by {@link #scale} within
 * [{@code min_workers}, {@code max_workers}]); further tasks wait in a priority queue. Its "workers" are Job
 * slots: nothing runs in the cluster while the pool is idle.
 *
 * <p>Start connects (see {@link KubeClients}), creates the namespace when missing and starts the watch on the
 * pool's Jobs, adopting those an earlier run of the pool left. Stop deletes every Job of the pool. All requests
 * to the API server go through the pool's token bucket ({@code api_qps}, {@code api_burst}) and run on the
 * pool's own threads, never the caller's.
 *
 * <p>{@code lock} guards writes of {@code status} (volatile, read without it), {@code api} and {@code watch}.
 */
final class KubernetesPool implements BasePool {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesPool.class);
    /** Threads for API calls; the token bucket, not this, bounds the request rate. */
    private static final int API_THREADS = 8;

    /** Opens the connection of a pool; {@link KubeClients#connect} outside tests. */
    @FunctionalInterface
    interface Connector {
        KubeApi connect(KubernetesSettings settings, TokenBucket bucket);
    }

    private final String id;
    private final PoolConfig config;
    private final PoolContext context;
    private final Connector connector;
    private final Consumer<KubernetesPool> onStopped;
    private final ExecutorService executor;
    private final MemoryLog memory;
    private final JobDispatcher dispatcher;
    private final JobTracker tracker;
    private final TokenBucket bucket;
    private volatile KubernetesSettings settings;

    private final Object lock = new Object();
    private volatile PoolStatus status = PoolStatus.PENDING;
    private KubeApi api;
    private KubeApi.JobWatch watch;

    /**
     * @param context   id, configuration and the manager's callback
     * @param settings  the validated settings of this pool
     * @param connector opens the API connection at start
     * @param scheduler timeouts (shared by the pool type)
     * @param onRequest told the time of every API request (tests measure the rate with it)
     * @param onStopped told when the pool holds nothing any more
     */
    KubernetesPool(PoolContext context, KubernetesSettings settings, Connector connector,
                   ScheduledExecutorService scheduler, LongConsumer onRequest, Consumer<KubernetesPool> onStopped) {
        this.id = context.poolId();
        this.config = context.config();
        this.context = context;
        this.settings = settings;
        this.connector = connector;
        this.onStopped = onStopped;
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(API_THREADS, API_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "mahavishnu-k8s-" + id + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
        this.bucket = new TokenBucket(settings.apiQps(), settings.apiBurst(), onRequest);
        this.memory = new MemoryLog(id, config.poolType(), () -> this.settings.memoryItemsRetained(),
                System.currentTimeMillis() * 1000);
        Consumer<TaskResult> record = config.memoryEnabled() ? r -> memory.record(r, Instant.now(), r.metadata()) : r -> { };
        this.tracker = new JobTracker(id, () -> this.settings, scheduler, executor, record);
        this.dispatcher = new JobDispatcher(id, () -> this.settings, executor, tracker);
    }

    /** The pool type's defaults changed: tasks started from now on use them (connection settings stay). */
    void settings(KubernetesSettings updated) {
        this.settings = updated;
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
        return CompletableFuture.runAsync(this::connect, executor).whenComplete((v, err) -> {
            stateChanged();
            if (err != null) {
                LOG.warn("Pool {} failed to start: {}", id, err.getCause() == null ? err : err.getCause().getMessage());
                executor.shutdown();
                onStopped.accept(this);
            }
        });
    }

    /** Connects, ensures the namespace, watches (adopting left-over Jobs), opens for tasks. */
    private void connect() {
        KubeApi connected = null;
        try {
            connected = connector.connect(settings, bucket);
            connected.ensureNamespace();
            KubeApi.JobWatch w = tracker.watch(connected);
            synchronized (lock) {
                if (status != PoolStatus.INITIALIZING) {
                    w.close();
                    throw new IllegalStateException("pool " + id + " was stopped while starting");
                }
                api = connected;
                watch = w;
                dispatcher.open(config.maxWorkers());
                status = PoolStatus.RUNNING;
            }
            LOG.info("Pool {} running on {}: up to {} Jobs at once, {} adopted", id, connected.describe(),
                    config.maxWorkers(), dispatcher.adopted.get());
        } catch (RuntimeException e) {
            synchronized (lock) {
                if (status == PoolStatus.INITIALIZING) {
                    status = PoolStatus.FAILED;
                }
            }
            if (connected != null && api != connected) {
                connected.close();
            }
            String where = connected == null ? "" : " (" + connected.describe() + ")";
            throw new IllegalStateException("pool " + id + " cannot use the Kubernetes API" + where + ": "
                    + e.getMessage(), e);
        }
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
            LOG.info("Pool {} now runs up to {} Jobs at once", id, targetWorkers);
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
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pool_status", now.wireName());
        details.put("namespace", settings.namespace());
        details.put("jobs_active", dispatcher.busy());
        details.put("job_limit", dispatcher.limit());
        details.put("queued", dispatcher.queued());
        details.put("jobs_adopted", dispatcher.adopted.get());
        details.put("tasks_completed", dispatcher.completed.get());
        details.put("tasks_failed", dispatcher.failed.get());
        details.put("tasks_rejected", dispatcher.rejected.get());
        details.put("memory_items_dropped", memory.dropped());
        details.put("api_requests", bucket.granted());
        KubeApi a;
        KubeApi.JobWatch w;
        synchronized (lock) {
            a = api;
            w = watch;
        }
        if (!now.acceptsTasks() || a == null) {
            return CompletableFuture.completedFuture(new PoolHealth(id, config.poolType(), HealthStatus.UNHEALTHY,
                    details));
        }
        details.put("api", a.describe());
        return CompletableFuture.supplyAsync(() -> {
            HealthStatus h;
            try {
                if (!a.namespaceExists()) {
                    h = HealthStatus.UNHEALTHY;
                    details.put("error", "namespace " + settings.namespace() + " does not exist");
                } else {
                    details.put("jobs", a.listJobs(JobSpecs.poolSelector(id)).size());
                    h = w.isWatching() ? HealthStatus.HEALTHY : HealthStatus.DEGRADED;
                    if (h == HealthStatus.DEGRADED) {
                        details.put("error", "the watch on the pool's Jobs is reconnecting");
                    }
                }
            } catch (RuntimeException e) {
                h = HealthStatus.UNHEALTHY;
                details.put("error", "Kubernetes API unreachable: " + e.getMessage());
            }
            return new PoolHealth(id, config.poolType(), h, details);
        }, executor);
    }

    @Override
    public PoolMetrics metrics() {
        return PoolMetrics.ofWorkers(id, status, dispatcher.busy(), dispatcher.limit(), dispatcher.queued(),
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
        boolean opened;
        synchronized (lock) {
            first = status != PoolStatus.STOPPED;
            opened = api != null;
            status = PoolStatus.STOPPED;
        }
        if (!opened) { // never started, failed, or still connecting (connect() sees the status and gives up)
            if (first) {
                stateChanged();
            }
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> gone = dispatcher.close(() -> {
            closeWatch();
            tracker.deleteAll();
        });
        if (first) {
            stateChanged();
            gone.whenComplete((v, e) -> release());
        }
        return gone.copy();
    }

    /**
     * Stops watching before the pool deletes its Jobs: a stopping pool has no use for the deletions' events, and a
     * watch that ends while events are still flowing to it is what API servers (and their mocks) handle worst.
     */
    private void closeWatch() {
        KubeApi.JobWatch w;
        synchronized (lock) {
            w = watch;
        }
        try {
            w.close();
        } catch (RuntimeException e) {
            LOG.warn("Pool {}: closing the watch on its Jobs failed: {}", id, e.toString());
        }
    }

    /** After the pool's Jobs are deleted: closes the client. */
    private void release() {
        KubeApi a;
        synchronized (lock) {
            a = api;
        }
        try {
            a.close();
        } catch (RuntimeException e) {
            LOG.warn("Pool {}: closing the API client failed: {}", id, e.toString());
        }
        executor.shutdown();
        LOG.info("Pool {} stopped; its Jobs are deleted", id);
        onStopped.accept(this);
    }

    /** @return the result of whatever runs as this Job now, adopted Jobs included; null if none */
    CompletableFuture<TaskResult> resultOf(String jobName) {
        return dispatcher.resultOf(jobName);
    }

    private void stateChanged() {
        try {
            context.stateChanged();
        } catch (RuntimeException e) {
            LOG.warn("Pool {}: state change listener failed", id, e);
        }
    }
}

package io.mahavishnu.examples.webhook;

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
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pool whose "workers" are concurrent HTTP requests: at most {@code workers} tasks are POSTed at once, the others
 * wait in a bounded queue, highest priority first. A task's timeout bounds its request from the moment it is sent;
 * cancelling a task's future aborts its request (or removes it from the queue); stopping the pool ends every task
 * as {@code cancelled}.
 */
final class WebhookPool implements BasePool {

    private static final Comparator<Job> ORDER =
            Comparator.comparingInt((Job j) -> -j.task.priority()).thenComparingLong(j -> j.seq);

    private final PoolContext context;
    private final WebhookSettings settings;
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    private final Object lock = new Object();
    /** Tasks waiting for a worker; guarded by {@link #lock}. */
    private final PriorityQueue<Job> waiting = new PriorityQueue<>(ORDER);
    /** Tasks whose request is under way; guarded by {@link #lock}. */
    private final Set<Job> running = new HashSet<>();
    /** Worker slots in use, for worker ids; guarded by {@link #lock}. */
    private final BitSet slots = new BitSet();
    /** How many requests may run at once; guarded by {@link #lock}. */
    private int workers;

    private volatile PoolStatus status = PoolStatus.PENDING;
    private volatile ExecutorService executor;
    private volatile HttpClient http;

    WebhookPool(PoolContext context, WebhookSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    @Override
    public String id() {
        return context.poolId();
    }

    @Override
    public PoolConfig config() {
        return context.config();
    }

    @Override
    public PoolStatus status() {
        return status;
    }

    @Override
    public CompletionStage<Void> start() {
        synchronized (lock) {
            if (status != PoolStatus.PENDING) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "webhook pool " + id() + " cannot start: it is " + status.wireName()));
            }
            AtomicInteger threads = new AtomicInteger();
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, id() + "-http-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).executor(executor)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            workers = Math.max(1, config().minWorkers());
            status = PoolStatus.RUNNING;
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<TaskResult> execute(Task task) {
        Job job = new Job(task, seq.incrementAndGet());
        synchronized (lock) {
            if (!status.acceptsTasks()) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "webhook pool " + id() + " is " + status.wireName() + "; it runs no tasks"));
            }
            if (waiting.size() >= settings.queueSize()) {
                rejected.incrementAndGet();
                return CompletableFuture.completedFuture(TaskResult.unsuccessful(task, id(), TaskStatus.FAILED,
                        "queue of webhook pool " + id() + " is full (queue_size=" + settings.queueSize()
                                + "); retry later or spawn another pool", Duration.ZERO));
            }
            waiting.add(job);
        }
        // The caller cancelled (or timed out) the future: drop the task or abort its request.
        job.result.whenComplete((r, e) -> {
            if (job.result.isCancelled()) {
                abandon(job);
            }
        });
        dispatch();
        return job.result;
    }

    /** Starts waiting tasks while workers are free. */
    private void dispatch() {
        List<Job> start = new ArrayList<>();
        List<Job> late = new ArrayList<>();
        synchronized (lock) {
            while (running.size() < workers && !waiting.isEmpty() && status.acceptsTasks()) {
                Job job = waiting.poll();
                if (job.result.isDone()) {
                    continue;
                }
                if (job.task.deadline() != null && Instant.now().isAfter(job.task.deadline())) {
                    late.add(job);
                    continue;
                }
                job.slot = slots.nextClearBit(0);
                slots.set(job.slot);
                running.add(job);
                start.add(job);
            }
        }
        for (Job job : late) {
            job.result.complete(TaskResult.unsuccessful(job.task, id(), TaskStatus.FAILED,
                    "deadline " + job.task.deadline() + " passed before the task could start", Duration.ZERO));
        }
        start.forEach(this::send);
    }

    private void send(Job job) {
        job.startedNanos = System.nanoTime();
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
                .timeout(job.task.timeout()) // counted from the task's start, i.e. now
                .header("Content-Type", "application/json")
                .header("X-Mahavishnu-Task-Id", job.task.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(TaskJson.of(id(), job.task)));
        if (settings.authorization() != null) {
            request.header("Authorization", settings.authorization());
        }
        CompletableFuture<HttpResponse<InputStream>> exchange;
        try {
            exchange = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (RuntimeException e) {
            finish(job, failed(job, "could not send the request to " + settings.url() + ": " + e));
            return;
        }
        job.exchange = exchange;
        if (job.result.isDone()) {
            exchange.cancel(true); // cancelled while the request was being created
        }
        exchange.handleAsync((response, error) -> toResult(job, response, error), executor)
                .whenComplete((result, error) -> finish(job, result != null ? result
                        : failed(job, "request to " + settings.url() + " failed: " + error)));
    }

    private TaskResult toResult(Job job, HttpResponse<InputStream> response, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof HttpConnectTimeoutException) {
                return failed(job, "could not connect to " + settings.url() + " within connect_timeout_seconds="
                        + settings.connectTimeout().toSeconds());
            }
            if (cause instanceof HttpTimeoutException) {
                return unsuccessful(job, TaskStatus.TIMEOUT, "no answer from " + settings.url() + " within the "
                        + "task's timeout of " + job.task.timeout().toSeconds() + " s; the request was aborted");
            }
            if (cause instanceof CancellationException) {
                return unsuccessful(job, TaskStatus.CANCELLED, "cancelled; the request was aborted");
            }
            if (cause instanceof ConnectException) {
                return failed(job, "could not connect to " + settings.url() + ": " + cause.getMessage());
            }
            return failed(job, "request to " + settings.url() + " failed: " + cause);
        }
        byte[] body;
        try (InputStream in = response.body()) {
            job.body = in;
            body = in.readNBytes(settings.maxOutputBytes() + 1);
        } catch (IOException e) {
            return failed(job, "reading the answer of " + settings.url() + " failed: " + e.getMessage());
        }
        boolean truncated = body.length > settings.maxOutputBytes();
        String output = new String(body, 0, Math.min(body.length, settings.maxOutputBytes()), StandardCharsets.UTF_8);
        int code = response.statusCode();
        boolean ok = code >= 200 && code < 300;
        String failure = ok ? null
                : "webhook answered HTTP " + code + ": " + output.substring(0, Math.min(300, output.length()));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("http_status", code);
        return new TaskResult(job.task.id(), id(), workerId(job), ok ? TaskStatus.COMPLETED : TaskStatus.FAILED,
                output, failure, job.elapsed(), truncated, null, null, metadata);
    }

    private void finish(Job job, TaskResult result) {
        synchronized (lock) {
            if (running.remove(job)) {
                slots.clear(job.slot);
            }
        }
        job.result.complete(result);
        dispatch();
    }

    /** A task the caller gave up on: out of the queue, or its request aborted. */
    private void abandon(Job job) {
        synchronized (lock) {
            waiting.remove(job);
        }
        job.abort();
    }

    @Override
    public CompletionStage<Void> scale(int targetWorkers) {
        PoolConfig cfg = config();
        if (targetWorkers < cfg.minWorkers() || targetWorkers > cfg.maxWorkers()) {
            return CompletableFuture.failedFuture(new ValidationException("target_workers", targetWorkers,
                    "must be between min_workers=" + cfg.minWorkers() + " and max_workers=" + cfg.maxWorkers()));
        }
        synchronized (lock) {
            workers = targetWorkers;
        }
        dispatch();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<PoolHealth> health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", settings.url().getScheme() + "://" + settings.url().getHost() + ":"
                + settings.url().getPort() + settings.url().getPath());
        synchronized (lock) {
            details.put("workers", workers);
            details.put("in_flight", running.size());
            details.put("queued", waiting.size());
        }
        HealthStatus health = status.acceptsTasks() ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
        return CompletableFuture.completedFuture(new PoolHealth(id(), WebhookPoolProvider.TYPE, health, details));
    }

    @Override
    public PoolMetrics metrics() {
        synchronized (lock) {
            return PoolMetrics.ofWorkers(id(), status, running.size(), workers, waiting.size(), rejected.get());
        }
    }

    @Override
    public CompletionStage<Void> stop() {
        List<Job> left = new ArrayList<>();
        synchronized (lock) {
            status = PoolStatus.STOPPED;
            left.addAll(waiting);
            left.addAll(running);
            waiting.clear();
            running.clear();
            slots.clear();
        }
        for (Job job : left) {
            job.result.complete(unsuccessful(job, TaskStatus.CANCELLED, "webhook pool " + id() + " stopped"));
            job.abort();
        }
        ExecutorService e = executor;
        if (e != null) {
            e.shutdownNow();
        }
        return CompletableFuture.completedFuture(null);
    }

    private String workerId(Job job) {
        return id() + "-w" + (job.slot + 1);
    }

    private TaskResult failed(Job job, String error) {
        return unsuccessful(job, TaskStatus.FAILED, error);
    }

    private TaskResult unsuccessful(Job job, TaskStatus status, String error) {
        return TaskResult.unsuccessful(job.task, id(), status, error, job.elapsed());
    }

    /** One task on its way through the pool. */
    private static final class Job {
        final Task task;
        final long seq;
        final CompletableFuture<TaskResult> result = new CompletableFuture<>();
        volatile CompletableFuture<?> exchange;
        volatile InputStream body;
        volatile long startedNanos;
        int slot;

        Job(Task task, long seq) {
            this.task = task;
            this.seq = seq;
        }

        Duration elapsed() {
            long started = startedNanos;
            return started == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
        }

        void abort() {
            CompletableFuture<?> e = exchange;
            if (e != null) {
                e.cancel(true);
            }
            InputStream in = body;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // aborting anyway
                }
            }
        }
    }
}

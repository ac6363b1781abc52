package io.mahavishnu.mcp.internal;

import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.RateLimitedException;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The task tools, pool_execute and pool_route_execute: run the task (tagged with the caller kind, whose request
 * quota the pool manager keeps), report progress while it runs, stop it when the client cancels, and give up
 * (stopping it) once the task's timeout plus the request timeout has passed. A task refused by the quota answers
 * {@code {status: "rate_limited", caller_kind, retry_after_seconds, error}}.
 */
final class TaskTools {

    /** Argument and task attribute naming the caller's session (the original's later tools took it too). */
    static final String PARENT_SESSION_ID = "parent_session_id";

    private final PoolManager manager;
    private final ScheduledExecutorService scheduler;
    private final Supplier<McpSettings> settings;

    TaskTools(PoolManager manager, ScheduledExecutorService scheduler, Supplier<McpSettings> settings) {
        this.manager = manager;
        this.scheduler = scheduler;
        this.settings = settings;
    }

    CompletableFuture<Outcome> execute(ToolArgs a, CallContext ctx) {
        String poolId = a.requiredString("pool_id").trim();
        Task task = task(a, ctx);
        ctx.progress().report(0, total(task), "sent to pool " + poolId);
        return run(ToolCatalog.EXECUTE, poolId, task, ctx, () -> manager.execute(poolId, task));
    }

    CompletableFuture<Outcome> route(ToolArgs a, CallContext ctx) {
        String affinity = a.string("pool_affinity", null);
        if (affinity != null && affinity.isBlank()) {
            throw new ValidationException("pool_affinity", affinity, "must not be blank when given");
        }
        String selector = a.has("pool_selector")
                ? a.choice("pool_selector", null, manager.strategies(), "routing strategies")
                : affinity != null ? "affinity" : null;
        if ("affinity".equals(selector) && affinity == null) {
            throw new ValidationException("pool_affinity", null, "is required when pool_selector is affinity: give "
                    + "a pool id or any key (e.g. a session id) whose tasks should go to the same pool");
        }
        if (affinity != null && !"affinity".equals(selector)) {
            throw new ValidationException("pool_affinity", affinity, "is only used by the affinity strategy; "
                    + "omit pool_selector or set it to affinity (got pool_selector='" + selector + "')");
        }
        Task task = task(a, ctx);
        RouteOptions options = new RouteOptions(selector, affinity == null ? null : affinity.trim());
        ctx.progress().report(0, total(task), "routing with " + (selector == null ? manager.defaultStrategy()
                : selector));
        return run(ToolCatalog.ROUTE, null, task, ctx, () -> manager.route(task, options));
    }

    private Task task(ToolArgs a, CallContext ctx) {
        String prompt = a.string("prompt", null);
        if (prompt == null) {
            throw new ValidationException("prompt", null, "is required and must be a string");
        }
        Task.Builder b = Task.builder().prompt(prompt)
                .timeoutSeconds(a.integer("timeout", (int) Task.DEFAULT_TIMEOUT.toSeconds(), 1,
                        ToolCatalog.MAX_TIMEOUT))
                .priority(a.integer("priority", Task.DEFAULT_PRIORITY, 0, 9));
        Integer deadline = a.optionalInteger("deadline_seconds", 1, ToolCatalog.MAX_TIMEOUT);
        if (deadline != null) {
            b.deadline(Instant.now().plusSeconds(deadline));
        }
        for (Map.Entry<String, String> e : a.stringMap("attributes").entrySet()) {
            b.attribute(e.getKey(), e.getValue());
        }
        b.attribute(Task.ATTR_CALLER_KIND, CallerKind.of(a.string("caller_kind", null)).wireName());
        String parent = a.string(PARENT_SESSION_ID, null);
        if (parent != null && !parent.isBlank()) {
            b.attribute(PARENT_SESSION_ID, parent.trim());
        }
        if (ctx.traceparent() != null) {
            b.attribute(Task.ATTR_TRACEPARENT, ctx.traceparent()); // the task's spans continue this call's trace
        }
        return b.build();
    }

    private CompletableFuture<Outcome> run(String tool, String poolId, Task task, CallContext ctx,
                                           Supplier<CompletionStage<TaskResult>> submit) {
        McpSettings s = settings.get();
        Duration limit = task.timeout().plus(s.requestTimeout());
        long started = System.nanoTime();
        CompletableFuture<TaskResult> work = submit.get().toCompletableFuture();
        ctx.cancelled().thenRun(() -> work.cancel(true));
        AtomicBoolean timedOut = new AtomicBoolean();
        long every = s.progressInterval().toMillis();
        ScheduledFuture<?> ticker = scheduler.scheduleAtFixedRate(() -> {
            double elapsed = (System.nanoTime() - started) / 1e9;
            ctx.progress().report(Math.min(elapsed, total(task) - 1e-3), total(task),
                    "running for " + Math.round(elapsed) + " s");
        }, every, every, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> timer = scheduler.schedule(() -> {
            timedOut.set(true);
            work.cancel(true);
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        return work.handle((r, e) -> {
            ticker.cancel(false);
            timer.cancel(false);
            if (e == null) {
                ctx.progress().report(total(task), total(task), r.status().wireName());
                Wire.Task w = Wire.Task.of(r);
                return w.completed() ? Outcome.ok(w) : Outcome.error(w);
            }
            if (Failures.root(e) instanceof RateLimitedException limited) {
                long retry = Math.max(1, (limited.retryAfter().toMillis() + 999) / 1000);
                return Outcome.error(new Wire.RateLimited("rate_limited", limited.callerKind(), retry,
                        limited.getMessage()));
            }
            if (Failures.root(e) instanceof CancellationException) {
                manager.cancel(task.id());
                String why = timedOut.get() ? "No result within " + limit.toSeconds() + " s (timeout "
                        + task.timeout().toSeconds() + " s + request_timeout_seconds " + s.requestTimeout().toSeconds()
                        + " s); the task was stopped" : "Cancelled by the client; the task was stopped";
                return Outcome.error(new Wire.Failure(poolId, timedOut.get() ? "timeout" : "cancelled", why));
            }
            return Outcome.failed(poolId, Failures.message(tool, e));
        });
    }

    /** Progress total: the task's timeout in seconds (progress counts elapsed seconds). */
    private static double total(Task task) {
        return task.timeout().toSeconds();
    }
}

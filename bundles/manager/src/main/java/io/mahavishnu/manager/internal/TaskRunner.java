package io.mahavishnu.manager.internal;

import io.mahavishnu.api.manager.BatchListener;
import io.mahavishnu.api.manager.PoolFederation;
import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.manager.RemotePool;
import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.pool.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends tasks to pools, one or a batch ({@link Router} decides where routed tasks go). Every task sent is counted on its pool
 * (in-flight, completed, failed, latency) and announced on the bus when it ends, whatever the pool did: a pool
 * that throws or completes exceptionally produces a {@code failed} result, never a lost task.
 */
final class TaskRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    /** Result metadata key: false when the pool could not even attempt the task (safe to send elsewhere). */
    static final String ATTEMPTED = "attempted";

    private final PoolRegistry registry;
    private final Events events;
    private final RoutingHealth health;
    /** Tasks that have not ended, by task id; cancelling the handle cancels the task on its pool. */
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    TaskRunner(PoolRegistry registry, Events events, RoutingHealth health) {
        this.registry = registry;
        this.events = events;
        this.health = health;
    }

    static PoolManagerException notRunning(ManagedPool mp) {
        if (mp.idleWithoutWorkers()) {
            return new PoolManagerException(PoolManagerException.POOL_NOT_RUNNING, "Pool " + mp.poolId()
                    + " has no workers (min_workers=" + mp.config().minWorkers() + ") and does not auto-scale; "
                    + "scale it up to run tasks");
        }
        String why = mp.available() ? "" : " (its pool type '" + mp.poolType() + "' is not deployed)";
        return new PoolManagerException(PoolManagerException.POOL_NOT_RUNNING, "Pool " + mp.poolId() + " is "
                + mp.status().wireName() + " and does not accept tasks" + why);
    }

    CompletableFuture<TaskResult> execute(String poolId, Task task) {
        if (task == null) {
            return CompletableFuture.failedFuture(new ValidationException("task", null, "is required"));
        }
        ManagedPool mp = registry.get(poolId).orElse(null);
        if (mp == null) {
            return CompletableFuture.failedFuture(PoolManagerException.poolNotFound(poolId));
        }
        return run(mp, task, null, UnaryOperator.identity());
    }

    CompletableFuture<Map<String, TaskResult>> executeBatch(String poolId, List<Task> tasks, BatchListener listener) {
        if (tasks == null) {
            return CompletableFuture.failedFuture(new ValidationException("tasks", null, "is required"));
        }
        ManagedPool mp = registry.get(poolId).orElse(null);
        if (mp == null) {
            return CompletableFuture.failedFuture(PoolManagerException.poolNotFound(poolId));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            if (t == null) {
                return CompletableFuture.failedFuture(new ValidationException("tasks[" + i + "]", null,
                        "is required"));
            }
            if (!ids.add(t.id())) {
                return CompletableFuture.failedFuture(new ValidationException("tasks[" + i + "].task_id", t.id(),
                        "must be unique within the batch"));
            }
        }
        int total = tasks.size();
        AtomicInteger done = new AtomicInteger();
        List<CompletableFuture<TaskResult>> each = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            String key = Integer.toString(i);
            CompletableFuture<TaskResult> f = run(mp, tasks.get(i), null, UnaryOperator.identity());
            each.add(f);
            f.whenComplete((r, err) -> {
                int n = done.incrementAndGet();
                if (listener != null && r != null) {
                    try {
                        listener.onTaskDone(key, r, n, total);
                    } catch (RuntimeException e) {
                        LOG.warn("Batch progress listener failed on task {}: {}", key, e.getMessage());
                    }
                }
            });
        }
        CompletableFuture<Map<String, TaskResult>> all = CompletableFuture
                .allOf(each.toArray(CompletableFuture[]::new))
                .handle((v, err) -> {
                    Map<String, TaskResult> out = new LinkedHashMap<>();
                    for (int i = 0; i < total; i++) {
                        CompletableFuture<TaskResult> f = each.get(i);
                        out.put(Integer.toString(i), f.isCompletedExceptionally()
                                ? refused(mp.poolId(), tasks.get(i), f) : f.join());
                    }
                    return out;
                });
        all.whenComplete((v, err) -> {
            if (all.isCancelled()) {
                each.forEach(f -> f.cancel(true));
            }
        });
        return all;
    }

    boolean cancel(String taskId) {
        CompletableFuture<Void> handle = taskId == null ? null : inFlight.get(taskId);
        return handle != null && handle.cancel(true);
    }

    /** @return tasks sent and not yet ended */
    int inFlightCount() {
        return inFlight.size();
    }

    /**
     * Sends a task to a pool ({@code route} says how it was chosen, null when sent directly). The returned future
     * completes with the result after {@code decorate}, accounting
     * and the task_completed event; cancelling it cancels the task on the pool.
     */
    CompletableFuture<TaskResult> run(ManagedPool mp, Task task, TaskResult.RouteInfo route,
                                      UnaryOperator<TaskResult> decorate) {
        BasePool pool = mp.pool();
        if (pool == null || !mp.acceptsTasks()) {
            return CompletableFuture.failedFuture(notRunning(mp));
        }
        CompletableFuture<Void> cancelHandle = new CompletableFuture<>();
        if (inFlight.putIfAbsent(task.id(), cancelHandle) != null) {
            return CompletableFuture.failedFuture(new ValidationException("task_id", task.id(),
                    "is already in flight; give each task its own id"));
        }
        mp.taskStarted();
        events.taskAssigned(mp.poolId(), task, route);
        CompletableFuture<TaskResult> onPool;
        try {
            onPool = pool.execute(task).toCompletableFuture();
        } catch (RuntimeException e) {
            onPool = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<TaskResult> pooled = onPool;
        cancelHandle.whenComplete((v, err) -> pooled.cancel(true));
        CompletableFuture<TaskResult> forCaller = new CompletableFuture<>();
        onPool.whenComplete((r, err) -> {
            inFlight.remove(task.id(), cancelHandle);
            TaskResult result = err != null ? failure(mp, task, err)
                    : r == null ? TaskResult.unsuccessful(task, mp.poolId(), TaskStatus.FAILED,
                    "pool returned no result", Duration.ZERO) : r;
            try {
                result = decorate.apply(result);
            } finally {
                mp.taskEnded(result);
                health.record(mp, result);
            }
            events.taskCompleted(mp.poolId(), result);
            forCaller.complete(result);
        });
        forCaller.whenComplete((r, err) -> {
            if (forCaller.isCancelled()) {
                cancelHandle.cancel(true);
            }
        });
        return forCaller;
    }

    /**
     * Sends a task to a pool of another runtime through the federation; tracked like a local task (cancel by id,
     * events), but counted on the remote runtime's pool, not here.
     */
    CompletableFuture<TaskResult> delegate(PoolFederation federation, RemotePool pool, Task task,
                                           TaskResult.RouteInfo route, UnaryOperator<TaskResult> decorate) {
        CompletableFuture<Void> cancelHandle = new CompletableFuture<>();
        if (inFlight.putIfAbsent(task.id(), cancelHandle) != null) {
            return CompletableFuture.failedFuture(new ValidationException("task_id", task.id(),
                    "is already in flight; give each task its own id"));
        }
        events.taskAssigned(pool.poolId(), task, route, pool.runtimeId());
        CompletableFuture<TaskResult> remote;
        try {
            remote = federation.delegate(pool, task).toCompletableFuture();
        } catch (RuntimeException e) {
            remote = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<TaskResult> sent = remote;
        cancelHandle.whenComplete((v, err) -> sent.cancel(true));
        CompletableFuture<TaskResult> forCaller = new CompletableFuture<>();
        remote.whenComplete((r, err) -> {
            inFlight.remove(task.id(), cancelHandle);
            TaskResult result;
            if (err != null) {
                Throwable root = Errors.root(err);
                result = TaskResult.unsuccessful(task, pool.poolId(), root instanceof CancellationException
                        ? TaskStatus.CANCELLED : TaskStatus.FAILED, "runtime " + pool.runtimeId() + ": "
                        + Errors.message(root), Duration.ZERO);
            } else {
                result = r == null ? TaskResult.unsuccessful(task, pool.poolId(), TaskStatus.FAILED,
                        "runtime " + pool.runtimeId() + " returned no result", Duration.ZERO) : r;
            }
            result = decorate.apply(result);
            events.taskCompleted(pool.poolId(), result);
            forCaller.complete(result);
        });
        forCaller.whenComplete((r, err) -> {
            if (forCaller.isCancelled()) {
                cancelHandle.cancel(true);
            }
        });
        return forCaller;
    }

    /** The result of a task whose pool future completed exceptionally: cancelled or failed, with the reason. */
    private static TaskResult failure(ManagedPool mp, Task task, Throwable err) {
        Throwable root = Errors.root(err);
        String detach = mp.detachReason();
        if (root instanceof CancellationException) {
            return TaskResult.unsuccessful(task, mp.poolId(), TaskStatus.CANCELLED,
                    detach == null ? "cancelled" : "cancelled: " + detach, Duration.ZERO);
        }
        String msg = Errors.message(root);
        return new TaskResult(task.id(), mp.poolId(), null, TaskStatus.FAILED,
                null, detach == null ? msg : msg + " (" + detach + ")", Duration.ZERO, false, null, null,
                Map.of(ATTEMPTED, false));
    }

    /** Result for a batch entry the manager could not even send (pool stopped meanwhile). */
    private static TaskResult refused(String poolId, Task task, CompletableFuture<TaskResult> f) {
        try {
            f.join();
            throw new IllegalStateException("not exceptional");
        } catch (RuntimeException e) {
            TaskStatus status = f.isCancelled() ? TaskStatus.CANCELLED : TaskStatus.FAILED;
            return TaskResult.unsuccessful(task, poolId, status, Errors.message(e), Duration.ZERO);
        }
    }
}

package io.mahavishnu.federation.internal;

import io.mahavishnu.api.bus.BusRejectedException;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.manager.RemotePool;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.trace.CallSpan;
import io.mahavishnu.api.trace.CallTracer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caller's side of delegation: sends {@code task_delegate}, waits for the owner's {@code accepted} and then its
 * result, keyed by task and pool (a retry of a task on another pool of the same runtime is a delegation of its own).
 * Every wait is bounded: the acknowledgement by {@code accept_timeout}, the result by the
 * task's timeout (from its latest start) plus {@code result_margin}; a runtime that is dropped fails its pending tasks
 * at once. A task the owner never acknowledged fails with {@code attempted=false} (it was not started there, so
 * routing may send it elsewhere); one it acknowledged fails as attempted (retried only if idempotent).
 */
final class Delegations {

    private static final Logger LOG = LoggerFactory.getLogger(Delegations.class);

    /** One delegated task. {@code accepted} and {@code timer} change on the scheduler or inbox thread. */
    private static final class Pending {
        final Task task;
        final RemotePool pool;
        final String incarnation;
        final CompletableFuture<TaskResult> future = new CompletableFuture<>();
        final long sentNanos = System.nanoTime();
        final CallSpan span;
        volatile boolean accepted;
        volatile ScheduledFuture<?> timer;

        Pending(Task task, RemotePool pool, String incarnation, CallSpan span) {
            this.task = task;
            this.pool = pool;
            this.incarnation = incarnation;
            this.span = span;
        }
    }

    private final Node node;
    private final RemoteTable table;
    private final ScheduledExecutorService scheduler;
    private final Supplier<FederationSettings> settings;
    private final Supplier<CallTracer> tracer;
    private final Consumer<Message> publish;
    /** Delegation ({@link Protocol#delegationKey}) → waiting for its result. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /** This runtime as the caller knows it. */
    interface Node {
        String runtimeId();

        String queue();
    }

    Delegations(Node node, RemoteTable table, ScheduledExecutorService scheduler,
                Supplier<FederationSettings> settings, Supplier<CallTracer> tracer, Consumer<Message> publish) {
        this.node = node;
        this.table = table;
        this.scheduler = scheduler;
        this.settings = settings;
        this.tracer = tracer;
        this.publish = publish;
    }

    int pendingCount() {
        return pending.size();
    }

    CompletableFuture<TaskResult> delegate(RemotePool pool, Task task) {
        Optional<Protocol.Heartbeat> owner = table.runtime(pool.runtimeId());
        if (owner.isEmpty()) {
            return CompletableFuture.completedFuture(notAttempted(task, pool, "runtime " + pool.runtimeId()
                    + " is no longer reachable (it stopped heartbeating)"));
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("mahavishnu.task.id", task.id());
        attrs.put("mahavishnu.pool.id", pool.poolId());
        attrs.put("mahavishnu.runtime.id", pool.runtimeId());
        attrs.put("messaging.system", "mahavishnu");
        attrs.put("messaging.operation.type", "send");
        attrs.put("messaging.destination.name", Protocol.queueOf(pool.runtimeId()));
        CallSpan span = CallSpan.start(tracer.get(), "send task_delegate", CallTracer.Kind.CLIENT,
                task.attributes().get(Task.ATTR_TRACEPARENT), attrs);
        Task sent = span.traceparent() == null ? task
                : task.toBuilder().attribute(Task.ATTR_TRACEPARENT, span.traceparent()).build();
        Pending p = new Pending(sent, pool, owner.get().incarnation(), span);
        if (pending.putIfAbsent(Protocol.delegationKey(task.id(), pool.poolId()), p) != null) {
            span.end();
            return CompletableFuture.failedFuture(new IllegalStateException("task " + task.id()
                    + " is already delegated to pool " + pool.poolId() + "; give each task its own id"));
        }
        p.future.whenComplete((r, err) -> finished(p, r));
        // armed before sending, so an acknowledgement that arrives at once always finds it to replace
        long acceptMillis = settings.get().acceptTimeout().toMillis();
        p.timer = scheduler.schedule(() -> {
            if (!p.accepted) {
                p.future.complete(notAttempted(task, pool, "runtime " + pool.runtimeId() + " did not acknowledge "
                        + "the task within " + acceptMillis / 1000 + " s (accept_timeout_seconds)"));
            }
        }, acceptMillis, TimeUnit.MILLISECONDS);
        Protocol.Delegate message = new Protocol.Delegate(Protocol.VERSION, Protocol.RUN, task.id(), pool.poolId(),
                node.runtimeId(), node.queue(), pool.runtimeId(), p.incarnation, System.currentTimeMillis(),
                span.traceparent(), Protocol.TaskWire.of(sent));
        try {
            publish.accept(Message.of(MessageType.TASK_DELEGATE, node.queue(), Protocol.queueOf(pool.runtimeId()),
                    Protocol.toPayload(message)));
        } catch (BusRejectedException e) {
            p.future.complete(notAttempted(task, pool, "could not send it to runtime " + pool.runtimeId() + ": "
                    + e.getMessage()));
            return p.future;
        }
        table.sent(pool.runtimeId(), pool.poolId());
        return p.future;
    }

    /** The owner started the task: from now on wait for the result, bounded by the task's timeout plus the margin. */
    void accepted(Protocol.Reply reply) {
        Pending p = pendingFor(reply);
        if (p == null || p.accepted || !p.pool.runtimeId().equals(reply.runtimeId())) {
            return;
        }
        p.accepted = true;
        table.roundTrip(p.pool.runtimeId(), (System.nanoTime() - p.sentNanos) / 1e6);
        cancelTimer(p);
        Instant latestStart = p.task.deadline() == null ? Instant.now() : p.task.deadline();
        long bound = Math.max(0, Duration.between(Instant.now(), latestStart).toMillis())
                + p.task.timeout().plus(settings.get().resultMargin()).toMillis();
        p.timer = scheduler.schedule(() -> {
            TaskResult timeout = new TaskResult(p.task.id(), p.pool.poolId(), null, TaskStatus.TIMEOUT, null,
                    "no result from runtime " + p.pool.runtimeId() + " within " + bound / 1000 + " s (the task's "
                    + "timeout plus result_margin_seconds); it was cancelled there", Duration.ofMillis(bound), false,
                    null, null, Map.of(Protocol.RUNTIME_ID, p.pool.runtimeId()));
            if (p.future.complete(timeout)) {
                sendCancel(p);
            }
        }, bound, TimeUnit.MILLISECONDS);
    }

    void result(Protocol.Reply reply) {
        Pending p = pendingFor(reply);
        if (p == null || reply.result() == null) {
            LOG.debug("Result of task {} from runtime {} arrived after the task ended here; ignored",
                    reply.taskId(), reply.runtimeId());
            return;
        }
        TaskResult r;
        try {
            r = reply.result().toResult();
        } catch (RuntimeException e) {
            r = new TaskResult(p.task.id(), p.pool.poolId(), null, TaskStatus.FAILED, null, "runtime "
                    + reply.runtimeId() + " sent an unreadable result: " + e.getMessage(), Duration.ZERO, false,
                    null, null, Map.of(Protocol.RUNTIME_ID, p.pool.runtimeId()));
        }
        Map<String, Object> meta = new LinkedHashMap<>(r.metadata());
        meta.put(Protocol.RUNTIME_ID, p.pool.runtimeId());
        p.future.complete(new TaskResult(r.taskId(), r.poolId(), r.workerId(), r.status(), r.output(), r.error(),
                r.duration(), r.outputTruncated(), r.exitCode(), null, meta));
    }

    /**
     * @return the delegation a reply answers; for a reply without pool id (an older runtime), the one delegation of
     *         that task to the replying runtime
     */
    private Pending pendingFor(Protocol.Reply reply) {
        if (reply.poolId() != null) {
            return pending.get(Protocol.delegationKey(reply.taskId(), reply.poolId()));
        }
        for (Pending p : pending.values()) {
            if (p.task.id().equals(reply.taskId()) && p.pool.runtimeId().equals(reply.runtimeId())) {
                return p;
            }
        }
        return null;
    }

    /** A runtime was dropped: its pending tasks fail now, never waiting for a result that cannot come. */
    void runtimeLost(String runtimeId, String incarnation, String reason) {
        for (Pending p : pending.values()) {
            if (!p.pool.runtimeId().equals(runtimeId) || !p.incarnation.equals(incarnation)) {
                continue;
            }
            if (p.accepted) {
                p.future.complete(new TaskResult(p.task.id(), p.pool.poolId(), null, TaskStatus.FAILED, null,
                        "runtime " + runtimeId + " was lost (" + reason + ") while running the task; it may or may "
                        + "not have run there", Duration.ofNanos(System.nanoTime() - p.sentNanos), false, null, null,
                        Map.of(Protocol.RUNTIME_ID, runtimeId)));
            } else {
                p.future.complete(notAttempted(p.task, p.pool, "runtime " + runtimeId + " was lost (" + reason
                        + ") before it acknowledged the task; it did not run there"));
            }
        }
    }

    /** This runtime's federation stops: nothing more can arrive. */
    void closeAll(String reason) {
        for (Pending p : pending.values()) {
            if (p.future.complete(new TaskResult(p.task.id(), p.pool.poolId(), null, TaskStatus.FAILED, null,
                    reason, Duration.ZERO, false, null, null, Map.of(Protocol.RUNTIME_ID, p.pool.runtimeId(),
                            Protocol.ATTEMPTED, p.accepted)))) {
                sendCancel(p);
            }
        }
    }

    private void finished(Pending p, TaskResult r) {
        pending.remove(Protocol.delegationKey(p.task.id(), p.pool.poolId()), p);
        cancelTimer(p);
        if (p.future.isCancelled()) {
            sendCancel(p); // the caller cancelled: stop it there too
            p.span.attribute("mahavishnu.task.status", TaskStatus.CANCELLED.wireName());
        } else if (r != null) {
            p.span.attribute("mahavishnu.task.status", r.status().wireName());
            if (!r.isSuccess()) {
                p.span.fail(r.error() == null ? r.status().wireName() : r.error());
            }
        }
        p.span.end();
    }

    private void sendCancel(Pending p) {
        Protocol.Delegate cancel = new Protocol.Delegate(Protocol.VERSION, Protocol.CANCEL, p.task.id(),
                p.pool.poolId(), node.runtimeId(), node.queue(), p.pool.runtimeId(), p.incarnation,
                System.currentTimeMillis(), null, null);
        try {
            publish.accept(Message.of(MessageType.TASK_DELEGATE, node.queue(),
                    Protocol.queueOf(p.pool.runtimeId()), Protocol.toPayload(cancel)));
        } catch (BusRejectedException e) {
            LOG.warn("Could not ask runtime {} to cancel task {}: {}", p.pool.runtimeId(), p.task.id(),
                    e.getMessage());
        }
    }

    private static void cancelTimer(Pending p) {
        ScheduledFuture<?> t = p.timer;
        if (t != null) {
            t.cancel(false);
        }
    }

    private static TaskResult notAttempted(Task task, RemotePool pool, String error) {
        return new TaskResult(task.id(), pool.poolId(), null, TaskStatus.FAILED, null, error, Duration.ZERO, false,
                null, null, Map.of(Protocol.RUNTIME_ID, pool.runtimeId(), Protocol.ATTEMPTED, false));
    }
}

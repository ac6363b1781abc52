package io.mahavishnu.federation.internal;

import io.mahavishnu.api.bus.BusRejectedException;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.manager.RateLimitedException;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.pool.ValidationException;
import io.mahavishnu.api.trace.CallSpan;
import io.mahavishnu.api.trace.CallTracer;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's side of delegation: runs a {@code task_delegate} on a local pool through the local
 * {@link PoolManager#execute} (so it is counted, traced and evented like any task here), answers {@code accepted}
 * at once and the result when it ends, and cancels it on request.
 *
 * <p>It refuses, answering a not-attempted result, what the caller has already given up on: a task addressed to an
 * earlier incarnation of this runtime (sent before a restart), or one older than half the acknowledgement timeout
 * (the other half leaves time for the acknowledgement to travel back). A task received twice (the bus delivers at
 * least once) runs once.
 */
final class DelegatedRuns {

    private static final Logger LOG = LoggerFactory.getLogger(DelegatedRuns.class);
    private static final int REMEMBERED = 10_000;
    private static final int REPLY_ATTEMPTS = 5;

    private final Supplier<PoolManager> manager;
    private final Identity identity;
    private final ScheduledExecutorService scheduler;
    private final Supplier<FederationSettings> settings;
    private final Supplier<CallTracer> tracer;
    private final Consumer<Message> publish;
    /** Delegation ({@link Protocol#delegationKey}) → its run here, for cancellation. */
    private final Map<String, CompletableFuture<TaskResult>> running = new ConcurrentHashMap<>();
    /** Delegations ({@link Protocol#delegationKey}) received lately, oldest first; guarded by itself. */
    private final Set<String> seen = Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** This runtime as the owner knows it. */
    interface Identity {
        String runtimeId();

        String incarnation();
    }

    DelegatedRuns(Supplier<PoolManager> manager, Identity identity, ScheduledExecutorService scheduler,
                  Supplier<FederationSettings> settings, Supplier<CallTracer> tracer, Consumer<Message> publish) {
        this.manager = manager;
        this.identity = identity;
        this.scheduler = scheduler;
        this.settings = settings;
        this.tracer = tracer;
        this.publish = publish;
    }

    int runningCount() {
        return running.size();
    }

    void onDelegate(Protocol.Delegate d) {
        if (d.taskId() == null || d.replyTo() == null) {
            return;
        }
        String key = Protocol.delegationKey(d.taskId(), d.poolId());
        if (Protocol.CANCEL.equals(d.action())) {
            CompletableFuture<TaskResult> run = running.get(key);
            if (run != null) {
                LOG.info("Runtime {} cancelled delegated task {}", d.callerRuntimeId(), d.taskId());
                manager.get().cancel(d.taskId());
                run.cancel(true);
            }
            return;
        }
        synchronized (seen) {
            if (!seen.add(key)) {
                return; // delivered again: it already runs or ran here (a retry on another pool is a new key)
            }
        }
        String refusal = refusal(d);
        if (refusal != null) {
            LOG.info("Delegated task {} from runtime {} not run: {}", d.taskId(), d.callerRuntimeId(), refusal);
            reply(d, Protocol.RESULT, notAttempted(d, refusal));
            return;
        }
        Task task;
        try {
            task = d.task().toTask();
        } catch (ValidationException | NullPointerException e) {
            reply(d, Protocol.RESULT, notAttempted(d, "the task is invalid here: " + e.getMessage()));
            return;
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("mahavishnu.task.id", task.id());
        attrs.put("mahavishnu.pool.id", d.poolId());
        attrs.put("mahavishnu.caller.runtime.id", d.callerRuntimeId());
        attrs.put("messaging.system", "mahavishnu");
        attrs.put("messaging.operation.type", "process");
        attrs.put("messaging.destination.name", Protocol.queueOf(identity.runtimeId()));
        CallSpan span = CallSpan.start(tracer.get(), "process task_delegate", CallTracer.Kind.SERVER,
                d.traceparent(), attrs);
        if (span.traceparent() != null) {
            task = task.toBuilder().attribute(Task.ATTR_TRACEPARENT, span.traceparent()).build();
        }
        reply(d, Protocol.ACCEPTED, null);
        CompletableFuture<TaskResult> run;
        try {
            run = manager.get().execute(d.poolId(), task).toCompletableFuture();
        } catch (RuntimeException e) {
            run = CompletableFuture.failedFuture(e);
        }
        running.put(key, run);
        run.whenComplete((r, err) -> {
            running.remove(key);
            TaskResult result = err == null ? r : failure(d, err);
            Map<String, Object> meta = new LinkedHashMap<>(result.metadata());
            meta.put(Protocol.RUNTIME_ID, identity.runtimeId());
            result = new TaskResult(result.taskId(), result.poolId(), result.workerId(), result.status(),
                    result.output(), result.error(), result.duration(), result.outputTruncated(), result.exitCode(),
                    null, meta);
            span.attribute("mahavishnu.task.status", result.status().wireName());
            if (!result.isSuccess()) {
                span.fail(result.error() == null ? result.status().wireName() : result.error());
            }
            span.end();
            reply(d, Protocol.RESULT, result);
        });
    }

    /** @return why the task must not run here, or null to run it */
    private String refusal(Protocol.Delegate d) {
        if (!identity.incarnation().equals(d.targetIncarnation())) {
            return "it was sent to an earlier run of runtime " + identity.runtimeId() + ", which has restarted since";
        }
        long age = System.currentTimeMillis() - d.sentAtMs();
        long limit = settings.get().acceptTimeout().toMillis() / 2;
        if (age > limit) {
            return "it arrived " + age / 1000 + " s after it was sent, past half of accept_timeout_seconds; the "
                    + "caller may have given up on it";
        }
        Optional<PoolInfo> pool = manager.get().get(d.poolId());
        if (pool.isEmpty() || pool.get().remote()) {
            return "pool " + d.poolId() + " does not exist on runtime " + identity.runtimeId();
        }
        return null;
    }

    /** Answers the caller, retrying a few times while the bus refuses (the caller's wait is bounded anyway). */
    private void reply(Protocol.Delegate d, String action, TaskResult result) {
        Protocol.Reply reply = new Protocol.Reply(Protocol.VERSION, action, d.taskId(), d.poolId(),
                identity.runtimeId(), identity.incarnation(), result == null ? null : Protocol.ResultWire.of(result));
        Message message = Message.of(MessageType.RESULT_SHARE, Protocol.queueOf(identity.runtimeId()), d.replyTo(),
                Protocol.toPayload(reply));
        send(message, d, 1);
    }

    private void send(Message message, Protocol.Delegate d, int attempt) {
        try {
            publish.accept(message);
        } catch (BusRejectedException e) {
            if (attempt >= REPLY_ATTEMPTS) {
                LOG.warn("Could not answer runtime {} about task {} after {} attempts: {}", d.callerRuntimeId(),
                        d.taskId(), attempt, e.getMessage());
                return;
            }
            // the same message (same id), so a publish that went through after all is dropped as a duplicate
            scheduler.schedule(() -> send(message, d, attempt + 1), attempt, TimeUnit.SECONDS);
        }
    }

    private static TaskResult failure(Protocol.Delegate d, Throwable err) {
        Throwable root = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (root instanceof CancellationException) {
            return new TaskResult(d.taskId(), d.poolId(), null, TaskStatus.CANCELLED, null, "cancelled",
                    Duration.ZERO, false, null, null, null);
        }
        // refused before it ran (pool stopped, quota, bad input): the caller may send it elsewhere
        boolean refused = root instanceof PoolManagerException || root instanceof RateLimitedException
                || root instanceof ValidationException;
        String msg = root.getMessage() == null ? root.toString() : root.getMessage();
        return new TaskResult(d.taskId(), d.poolId(), null, TaskStatus.FAILED, null, msg, Duration.ZERO, false, null,
                null, refused ? Map.of(Protocol.ATTEMPTED, false) : null);
    }

    private TaskResult notAttempted(Protocol.Delegate d, String error) {
        return new TaskResult(d.taskId(), d.poolId(), null, TaskStatus.FAILED, null, "runtime "
                + identity.runtimeId() + " did not run the task: " + error, Duration.ZERO, false, null, null,
                Map.of(Protocol.RUNTIME_ID, identity.runtimeId(), Protocol.ATTEMPTED, false));
    }
}

package io.mahavishnu.tracing.internal;

import io.mahavishnu.api.manager.PoolEvent;
import io.mahavishnu.api.manager.PoolEventListener;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Spans of tasks, built from the manager's events with the events' own timestamps (so they are exact although
 * events arrive a little later), under the trace context the task carries ({@code traceparent} of
 * {@code task.assigned}):
 * <ul>
 * <li>{@code route <strategy>} — one per routed attempt: strategy, reason, attempt, chosen pool (and its runtime
 * when it belongs to another one); from assignment to the attempt's end;</li>
 * <li>{@code pool.execute} — the task on a pool of this runtime, queueing included; child of the route span, or of
 * the caller's span when the task was sent to the pool directly (e.g. delegated by another runtime);</li>
 * <li>{@code worker.run} — the worker (process, Job) that ran it, from its start to its end.</li>
 * </ul>
 * Called on the manager's event thread only, so the open spans need no lock; at most {@value #MAX_OPEN} stay open
 * (events the manager could not deliver leave some unfinished: the oldest are then ended, marked incomplete).
 */
final class TaskSpans implements PoolEventListener {

    static final int MAX_OPEN = 10_000;

    private record Open(Span route, Span pool) {
    }

    private final Tracer tracer;
    private final Supplier<String> runtimeId;
    private final Map<String, Open> open = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Open> eldest) {
            if (size() > MAX_OPEN) {
                end(eldest.getValue(), Instant.now(), null, "incomplete: its end was not seen");
                return true;
            }
            return false;
        }
    };

    TaskSpans(Tracer tracer, Supplier<String> runtimeId) {
        this.tracer = tracer;
        this.runtimeId = runtimeId;
    }

    @Override
    public void onEvent(PoolEvent e) {
        if (e.taskId() == null) {
            return;
        }
        if (PoolEvent.TASK_ASSIGNED.equals(e.type())) {
            assigned(e);
        } else if (PoolEvent.TASK_COMPLETED.equals(e.type())) {
            completed(e);
        }
    }

    int openCount() {
        return open.size();
    }

    private void assigned(PoolEvent e) {
        Open previous = open.remove(e.taskId());
        if (previous != null) {
            end(previous, e.at(), null, "incomplete: assigned again before its end was seen");
        }
        Map<String, Object> d = e.data();
        Context parent = Attrs.parent(string(d.get("traceparent")));
        Object remote = d.get("runtime_id");
        Span route = null;
        Object strategy = d.get("strategy");
        if (strategy != null) {
            SpanBuilder b = span("route " + strategy, parent, e);
            Attrs.put(b, "mahavishnu.routing.strategy", strategy);
            Attrs.put(b, "mahavishnu.routing.reason", d.get("reason"));
            Attrs.put(b, "mahavishnu.routing.attempt", d.get("attempts"));
            Attrs.put(b, "mahavishnu.pool.runtime.id", remote);
            route = b.startSpan();
            parent = parent.with(route);
        }
        Span pool = null;
        if (remote == null) {
            SpanBuilder b = span("pool.execute", parent, e);
            Attrs.put(b, "mahavishnu.task.priority", d.get("priority"));
            pool = b.startSpan();
        }
        open.put(e.taskId(), new Open(route, pool));
    }

    private void completed(PoolEvent e) {
        Open o = open.remove(e.taskId());
        if (o == null) {
            return;
        }
        Map<String, Object> d = e.data();
        String status = string(d.get("status"));
        String error = string(d.get("error"));
        Object worker = d.get("worker_id");
        if (o.pool() != null && worker != null && d.get("duration") instanceof Number seconds) {
            Instant start = e.at().minusNanos((long) (seconds.doubleValue() * 1e9));
            SpanBuilder b = span("worker.run", Context.root().with(o.pool()), e).setStartTimestamp(start);
            Attrs.put(b, "mahavishnu.worker.id", worker);
            Span run = b.startSpan();
            finish(run, status, error);
            run.end(e.at());
        }
        end(o, e.at(), status, error);
    }

    private SpanBuilder span(String name, Context parent, PoolEvent e) {
        SpanBuilder b = tracer.spanBuilder(name).setParent(parent).setStartTimestamp(e.at());
        Attrs.put(b, "mahavishnu.task.id", e.taskId());
        Attrs.put(b, "mahavishnu.pool.id", e.poolId());
        Attrs.put(b, OtelCallTracer.RUNTIME_ID, runtimeId.get());
        return b;
    }

    private static void end(Open o, Instant at, String status, String error) {
        for (Span s : new Span[] {o.pool(), o.route()}) {
            if (s != null) {
                finish(s, status, error);
                s.end(at);
            }
        }
    }

    private static void finish(Span s, String status, String error) {
        if (status != null) {
            s.setAttribute("mahavishnu.task.status", status);
        }
        if (status == null || !"completed".equals(status)) {
            s.setStatus(StatusCode.ERROR, error == null ? String.valueOf(status) : error);
        }
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }
}

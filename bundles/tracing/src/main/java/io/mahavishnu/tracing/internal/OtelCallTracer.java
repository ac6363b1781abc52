package io.mahavishnu.tracing.internal;

import io.mahavishnu.api.trace.CallSpan;
import io.mahavishnu.api.trace.CallTracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** {@link CallTracer} on an OpenTelemetry tracer: each call span is a real span, its traceparent the span's own. */
final class OtelCallTracer implements CallTracer {

    /** Attribute on every span: the runtime that recorded it (several runtimes share one trace). */
    static final String RUNTIME_ID = "mahavishnu.runtime.id";

    private final Tracer tracer;
    private final Supplier<String> runtimeId;

    OtelCallTracer(Tracer tracer, Supplier<String> runtimeId) {
        this.tracer = tracer;
        this.runtimeId = runtimeId;
    }

    @Override
    public CallSpan start(String name, Kind kind, String parent, Map<String, Object> attributes) {
        SpanBuilder b = tracer.spanBuilder(name).setParent(Attrs.parent(parent)).setSpanKind(switch (kind) {
            case SERVER -> SpanKind.SERVER;
            case CLIENT -> SpanKind.CLIENT;
            case INTERNAL -> SpanKind.INTERNAL;
        });
        Attrs.put(b, attributes);
        Attrs.put(b, RUNTIME_ID, runtimeId.get());
        return new OtelCallSpan(b.startSpan());
    }

    /** A started span; ends once. */
    private static final class OtelCallSpan implements CallSpan {
        private final Span span;
        private final AtomicBoolean ended = new AtomicBoolean();

        OtelCallSpan(Span span) {
            this.span = span;
        }

        @Override
        public String traceparent() {
            return Attrs.traceparent(span.getSpanContext());
        }

        @Override
        public void attribute(String key, Object value) {
            Attrs.put(span, key, value);
        }

        @Override
        public void fail(String error) {
            span.setStatus(StatusCode.ERROR, error == null ? "" : error);
        }

        @Override
        public void end() {
            if (ended.compareAndSet(false, true)) {
                span.end();
            }
        }
    }
}

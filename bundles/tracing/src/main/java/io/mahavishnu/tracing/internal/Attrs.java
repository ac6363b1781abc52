package io.mahavishnu.tracing.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.Map;

/** Attribute values and W3C trace context, between our plain types and OpenTelemetry's. */
final class Attrs {

    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<String> ONE_HEADER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private Attrs() {
    }

    /** @return the context a traceparent names, or the root context (a new trace) when it is absent or malformed */
    static Context parent(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent.trim(), ONE_HEADER);
    }

    /** @return {@code 00-<trace id>-<span id>-<flags>}, or null for an invalid span context */
    static String traceparent(SpanContext sc) {
        if (!sc.isValid()) {
            return null;
        }
        return "00-" + sc.getTraceId() + "-" + sc.getSpanId() + "-" + sc.getTraceFlags().asHex();
    }

    static void put(SpanBuilder b, Map<String, Object> attributes) {
        if (attributes != null) {
            attributes.forEach((k, v) -> put(b, k, v));
        }
    }

    static void put(SpanBuilder b, String key, Object value) {
        if (key == null || value == null) {
            return;
        }
        if (value instanceof Boolean v) {
            b.setAttribute(key, v);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            b.setAttribute(key, ((Number) value).longValue());
        } else if (value instanceof Number n) {
            b.setAttribute(key, n.doubleValue());
        } else {
            b.setAttribute(key, value.toString());
        }
    }

    static void put(Span s, String key, Object value) {
        if (key == null || value == null) {
            return;
        }
        if (value instanceof Boolean v) {
            s.setAttribute(key, v);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            s.setAttribute(key, ((Number) value).longValue());
        } else if (value instanceof Number n) {
            s.setAttribute(key, n.doubleValue());
        } else {
            s.setAttribute(key, value.toString());
        }
    }
}

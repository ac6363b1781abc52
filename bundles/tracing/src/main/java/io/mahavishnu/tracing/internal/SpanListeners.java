package io.mahavishnu.tracing.internal;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every finished span, as a plain map, to the {@code Consumer<Map<String, Object>>} services registered with
 * {@value #PROPERTY}{@code =true}: tools and tests that want spans without depending on OpenTelemetry's types. Map
 * keys: {@code trace_id, span_id, parent_span_id, name, kind, start_epoch_nanos, end_epoch_nanos, status,
 * attributes} (attribute values as strings, numbers or booleans).
 */
final class SpanListeners implements SpanExporter {

    /** Service property marking a span listener. */
    static final String PROPERTY = "mahavishnu.tracing.span.listener";

    private static final Logger LOG = LoggerFactory.getLogger(SpanListeners.class);

    private final List<Consumer<Map<String, Object>>> listeners = new CopyOnWriteArrayList<>();

    void add(Consumer<Map<String, Object>> listener) {
        listeners.add(listener);
    }

    void remove(Consumer<Map<String, Object>> listener) {
        listeners.remove(listener);
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        if (listeners.isEmpty()) {
            return CompletableResultCode.ofSuccess();
        }
        for (SpanData s : spans) {
            Map<String, Object> m = map(s);
            for (Consumer<Map<String, Object>> l : listeners) {
                try {
                    l.accept(m);
                } catch (RuntimeException e) {
                    LOG.warn("A span listener failed: {}", e.toString());
                }
            }
        }
        return CompletableResultCode.ofSuccess();
    }

    static Map<String, Object> map(SpanData s) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        s.getAttributes().forEach((k, v) -> attributes.put(k.getKey(), v));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trace_id", s.getTraceId());
        m.put("span_id", s.getSpanId());
        m.put("parent_span_id", s.getParentSpanContext().isValid() ? s.getParentSpanId() : null);
        m.put("name", s.getName());
        m.put("kind", s.getKind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("start_epoch_nanos", s.getStartEpochNanos());
        m.put("end_epoch_nanos", s.getEndEpochNanos());
        m.put("status", s.getStatus().getStatusCode().name().toLowerCase(java.util.Locale.ROOT));
        m.put("attributes", attributes);
        return m;
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}

package io.mahavishnu.api.trace;

import org.osgi.annotation.versioning.ConsumerType;

/** A span started by a {@link CallTracer}. Thread-safe; methods after {@link #end()} are ignored. */
@ConsumerType
public interface CallSpan {

    /** @return this span's W3C traceparent, to hand to the work it starts; null if there is no trace context */
    String traceparent();

    /**
     * @param key   attribute name, e.g. {@code mahavishnu.pool.id}
     * @param value string, number or boolean; null is ignored
     */
    void attribute(String key, Object value);

    /** @param error why the operation failed; marks the span as an error */
    void fail(String error);

    /** Ends the span now. */
    void end();

    /**
     * A span that records nothing and carries the caller's context on, for when no tracer is deployed.
     *
     * @param parent the caller's traceparent, may be null
     * @return the span
     */
    static CallSpan of(String parent) {
        String context = parent == null || parent.isBlank() ? null : parent.trim();
        return new CallSpan() {
            @Override
            public String traceparent() {
                return context;
            }

            @Override
            public void attribute(String key, Object value) {
            }

            @Override
            public void fail(String error) {
            }

            @Override
            public void end() {
            }
        };
    }

    /**
     * Starts a span with the tracer if there is one, else passes the context on.
     *
     * @param tracer     the tracer, may be null
     * @param name       span name
     * @param kind       its kind
     * @param parent     the caller's traceparent, may be null
     * @param attributes initial attributes
     * @return the span, never null
     */
    static CallSpan start(CallTracer tracer, String name, CallTracer.Kind kind, String parent,
                          java.util.Map<String, Object> attributes) {
        if (tracer == null) {
            return of(parent);
        }
        try {
            CallSpan span = tracer.start(name, kind, parent, attributes);
            return span == null ? of(parent) : span;
        } catch (RuntimeException e) {
            return of(parent); // tracing must never break the work it observes
        }
    }
}

package io.mahavishnu.api.trace;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Starts spans where work enters or leaves this runtime. Registered as a service by a tracing bundle; front ends
 * and the federation use it when present (an optional reference) and {@link CallSpan#of} otherwise.
 */
@ConsumerType
public interface CallTracer {

    /** What a span stands for, as in OpenTelemetry. */
    enum Kind {
        /** Handling a request that came in (an MCP call, a delegated task run for another runtime). */
        SERVER,
        /** A request sent out and waited for (a task delegated to another runtime). */
        CLIENT,
        /** Work inside this runtime (a shell command). */
        INTERNAL
    }

    /**
     * Starts a span now. Never throws; a tracer that cannot record returns a span that only carries the context.
     *
     * @param name       span name, e.g. {@code tools/call pool_route_execute}
     * @param kind       its kind
     * @param parent     the caller's W3C traceparent; null, blank or malformed starts a new trace
     * @param attributes initial attributes: strings, numbers or booleans (others are written as strings)
     * @return the span; end it exactly once
     */
    CallSpan start(String name, Kind kind, String parent, Map<String, Object> attributes);
}

/**
 * Tracing hooks for the places where work enters or leaves a runtime (an MCP call, a shell command, a task handed
 * to another runtime): {@link io.mahavishnu.api.trace.CallTracer} starts a span there and gives its W3C
 * {@code traceparent}, which travels in {@link io.mahavishnu.api.pool.Task#ATTR_TRACEPARENT} and in bus messages.
 * No tracing library's types appear here; without a tracing bundle, {@link io.mahavishnu.api.trace.CallSpan#of}
 * passes the caller's context on unchanged.
 */
@Export
@Version("1.0.0")
package io.mahavishnu.api.trace;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

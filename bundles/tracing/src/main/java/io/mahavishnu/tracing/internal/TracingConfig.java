package io.mahavishnu.tracing.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of tracing (PID {@code io.mahavishnu.tracing}, file {@code etc/io.mahavishnu.tracing.cfg}). A double
 * underscore in a method name stands for one underscore in the key ({@code otlp_endpoint}).
 */
@ObjectClassDefinition(name = "Mahavishnu tracing",
        description = "OpenTelemetry spans of MCP calls, routing decisions, pools and workers. Trace context always "
                + "travels with tasks; spans leave the runtime only when an exporter is chosen.")
@interface TracingConfig {

    @AttributeDefinition(name = "Exporter",
            description = "none (default: spans are not sent anywhere) or otlp (OTLP over HTTP to otlp_endpoint).")
    String exporter() default "none";

    @AttributeDefinition(name = "OTLP endpoint",
            description = "Where OTLP/HTTP traces go: a collector's or backend's /v1/traces URL.")
    String otlp__endpoint() default "http://127.0.0.1:4318/v1/traces";

    @AttributeDefinition(name = "OTLP headers", required = false,
            description = "Extra HTTP headers for the OTLP endpoint, comma-separated name=value pairs (e.g. an "
                    + "authorization token). Never logged.")
    String otlp__headers() default "";

    @AttributeDefinition(name = "OTLP timeout (seconds)", description = "Time allowed for one export. 1..300.")
    int otlp__timeout__seconds() default 10;

    @AttributeDefinition(name = "Sampling ratio",
            description = "Share of new traces recorded, 0.0..1.0. A trace started elsewhere follows the caller's "
                    + "decision (parent-based sampling), so a trace is kept or dropped whole across runtimes.")
    String sampling__ratio() default "1.0";

    @AttributeDefinition(name = "Service name", description = "service.name of this runtime's spans.")
    String service__name() default "mahavishnu";
}

package io.mahavishnu.monitor.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the monitoring endpoints (PID {@code io.mahavishnu.monitor}, file {@code etc/io.mahavishnu.monitor.cfg}).
 * A double underscore in a method name stands for one underscore in the property key ({@code metrics_path}).
 */
@ObjectClassDefinition(name = "Mahavishnu monitoring",
        description = "Prometheus metrics, the server-sent event stream and the dashboard, served on the runtime's HTTP "
                + "server (host, port, token and allowed origins are those of etc/io.mahavishnu.mcp.cfg).")
@interface MonitorConfig {

    @AttributeDefinition(name = "Enabled", description = "Serve the monitoring endpoints.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Metrics path", description = "Prometheus text exposition, e.g. /metrics.")
    String metrics__path() default "/metrics";

    @AttributeDefinition(name = "Events path", description = "Server-sent event stream, e.g. /events.")
    String events__path() default "/events";

    @AttributeDefinition(name = "Dashboard path",
            description = "The dashboard page; its JSON state and strategy switch are below it (<path>/state, "
                    + "<path>/strategy).")
    String dashboard__path() default "/dashboard";

    @AttributeDefinition(name = "Event history",
            description = "Events kept in memory so that a reconnecting client resumes where it stopped "
                    + "(Last-Event-ID). 10..100000.")
    int event__history() default 2000;

    @AttributeDefinition(name = "Client buffer",
            description = "Events waiting to be written to one stream client; a client that falls further behind is "
                    + "disconnected (it reconnects and resumes). 10..100000.")
    int client__buffer() default 1000;

    @AttributeDefinition(name = "Maximum stream clients", description = "Concurrent /events clients. 1..10000.")
    int max__clients() default 100;

    @AttributeDefinition(name = "Heartbeat (seconds)",
            description = "A comment line sent to idle stream clients this often, so proxies keep the connection "
                    + "and dead clients are noticed. 1..300.")
    int heartbeat__seconds() default 15;

    @AttributeDefinition(name = "Bus messages in the stream",
            description = "Also stream the message bus's messages (event names bus.<type>).")
    boolean bus__messages() default true;

    @AttributeDefinition(name = "Latency buckets (seconds)",
            description = "Upper bounds of the task latency histogram buckets, ascending, comma separated.")
    String latency__buckets() default "0.005,0.01,0.025,0.05,0.1,0.25,0.5,1,2.5,5,10,30,60,120,300,600";
}

package io.mahavishnu.mcp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the MCP server (PID {@code io.mahavishnu.mcp}, file {@code etc/io.mahavishnu.mcp.cfg}).
 * A double underscore in a method name stands for one underscore in the property key ({@code bearer_token}).
 */
@ObjectClassDefinition(name = "Mahavishnu MCP server",
        description = "The MCP endpoint (Streamable HTTP) through which MCP clients drive the pools. Every setting can "
                + "be overridden by an environment variable MAHAVISHNU_<SETTING IN UPPER CASE>.")
@interface McpConfig {

    @AttributeDefinition(name = "Enabled", description = "Serve MCP over HTTP. false = no HTTP endpoint.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Host",
            description = "Address to listen on. Loopback (127.0.0.1, ::1, localhost) by default; any other address "
                    + "requires bearer_token, otherwise the server refuses to start.")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "TCP port, 1..65535.")
    int port() default 8680;

    @AttributeDefinition(name = "Path", description = "URL path of the MCP endpoint, e.g. /mcp.")
    String path() default "/mcp";

    @AttributeDefinition(name = "Bearer token",
            description = "When set, every request must carry 'Authorization: Bearer <token>' (else 401). Empty = "
                    + "no token (only allowed on loopback).", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String bearer__token() default "";

    @AttributeDefinition(name = "Allowed origins",
            description = "Browser origins allowed to call the endpoint (Origin header), comma separated, e.g. "
                    + "http://localhost:6274. Requests without Origin (non-browser clients) are always allowed; "
                    + "http(s)://localhost and 127.0.0.1 origins are allowed while the host is loopback.")
    String allowed__origins() default "";

    @AttributeDefinition(name = "Maximum request body (bytes)",
            description = "Larger request bodies are refused with 413. 1024..67108864.")
    int max__request__bytes() default 1048576;

    @AttributeDefinition(name = "Request timeout (seconds)",
            description = "Longest time a tool call other than a task may take (spawn, scale, close, health, monitor, "
                    + "search). Task tools wait for the task's own timeout plus this margin. 1..3600.")
    int request__timeout__seconds() default 60;

    @AttributeDefinition(name = "Progress interval (seconds)",
            description = "While a task runs, a progress notification is sent this often to clients that asked for "
                    + "progress. 1..600.")
    int progress__interval__seconds() default 5;

}

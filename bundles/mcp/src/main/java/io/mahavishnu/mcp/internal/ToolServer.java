package io.mahavishnu.mcp.internal;

import io.mahavishnu.api.trace.CallSpan;
import io.mahavishnu.api.trace.CallTracer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Puts the ten tools on MCP servers built with the SDK (one per transport): tool definitions from
 * {@link ToolCatalog}, calls through {@link ToolDispatcher}, results as structured content plus a JSON text
 * rendering. {@link #refresh()} re-publishes the tools when pool types or strategies change, which sends
 * {@code notifications/tools/list_changed} to connected clients.
 */
final class ToolServer {

    /** Transport-context key holding the call key of an HTTP request (see {@link HttpGuard}). */
    static final String CALL_KEY = "mahavishnu.call_key";
    /** W3C trace context: HTTP header, transport-context key and request {@code _meta} key. */
    static final String TRACEPARENT = "traceparent";

    private static final Logger LOG = LoggerFactory.getLogger(ToolServer.class);

    private final McpJsonMapper json;
    private final JsonSchemaValidator validator;
    private final ToolDispatcher dispatcher;
    private final WireMapper wire = new WireMapper();
    private final Supplier<ToolCatalog.Deployed> deployed;
    private final InFlightCalls inFlight;
    private final String version;
    private final List<McpAsyncServer> servers = new CopyOnWriteArrayList<>();
    private final Supplier<CallTracer> tracer;
    /** The catalog last published, to publish again only on a change. Guarded by {@code this}. */
    private ToolCatalog.Deployed published;

    ToolServer(McpJsonMapper json, JsonSchemaValidator validator, ToolDispatcher dispatcher,
               Supplier<ToolCatalog.Deployed> deployed, InFlightCalls inFlight, String version,
               Supplier<CallTracer> tracer) {
        this.tracer = tracer;
        this.json = json;
        this.validator = validator;
        this.dispatcher = dispatcher;
        this.deployed = deployed;
        this.inFlight = inFlight;
        this.version = version;
    }

    // Arguments are checked by ToolArgs rather than by the SDK against the schema: its messages name the value and
    // come back as the tools' {status: failed, error} results.

    /** Serves the tools over Streamable HTTP. */
    McpAsyncServer start(McpStreamableServerTransportProvider transport) {
        return add(McpServer.async(transport).serverInfo(info()).jsonMapper(json).jsonSchemaValidator(validator)
                .instructions(INSTRUCTIONS).capabilities(capabilities()).validateToolInputs(false)
                .tools(specs(currentTools())).build());
    }

    /** Serves the tools over a single-client transport (stdio). */
    McpAsyncServer start(McpServerTransportProvider transport) {
        return add(McpServer.async(transport).serverInfo(info()).jsonMapper(json).jsonSchemaValidator(validator)
                .instructions(INSTRUCTIONS).capabilities(capabilities()).validateToolInputs(false)
                .tools(specs(currentTools())).build());
    }

    /** Re-publishes the tools if the deployed pool types or strategies changed since the last time. */
    void refresh() {
        ToolCatalog.Deployed now = deployed.get();
        synchronized (this) {
            if (now.equals(published)) {
                return;
            }
            published = now;
        }
        List<AsyncToolSpecification> specs = specs(ToolCatalog.tools(now));
        for (McpAsyncServer server : servers) {
            for (String changed : List.of(ToolCatalog.SPAWN, ToolCatalog.ROUTE)) {
                specs.stream().filter(s -> s.tool().name().equals(changed)).findFirst()
                        .ifPresent(s -> server.removeTool(changed).then(server.addTool(s)).onErrorResume(e -> {
                            LOG.warn("Could not update tool {}: {}", changed, e.getMessage());
                            return Mono.empty();
                        }).subscribe());
            }
        }
    }

    void close() {
        for (McpAsyncServer server : servers) {
            try {
                server.closeGracefully().block(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("MCP server did not close gracefully: {}", e.getMessage());
            }
        }
        servers.clear();
    }

    private McpAsyncServer add(McpAsyncServer server) {
        servers.add(server);
        return server;
    }

    private synchronized List<ToolCatalog.ToolDef> currentTools() {
        published = deployed.get();
        return ToolCatalog.tools(published);
    }

    private McpSchema.Implementation info() {
        return new McpSchema.Implementation("mahavishnu", "Mahavishnu pool manager", version);
    }

    private static McpSchema.ServerCapabilities capabilities() {
        return McpSchema.ServerCapabilities.builder().tools(true).build();
    }

    private List<AsyncToolSpecification> specs(List<ToolCatalog.ToolDef> defs) {
        List<AsyncToolSpecification> out = new ArrayList<>();
        for (ToolCatalog.ToolDef d : defs) {
            McpSchema.Tool tool = McpSchema.Tool.builder().name(d.name()).title(d.title()).description(d.description())
                    .inputSchema(d.schema())
                    .annotations(new McpSchema.ToolAnnotations(d.title(), d.readOnly(), d.destructive(), d.readOnly(),
                            false, null))
                    .build();
            out.add(AsyncToolSpecification.builder().tool(tool)
                    .callHandler((exchange, request) -> call(exchange, request)).build());
        }
        return out;
    }

    private Mono<McpSchema.CallToolResult> call(McpAsyncServerExchange exchange, McpSchema.CallToolRequest request) {
        return Mono.defer(() -> {
            CompletableFuture<Void> cancelled = new CompletableFuture<>();
            CallSpan span = span(exchange, request);
            CallContext ctx = new CallContext(cancelled, progress(exchange, request), span.traceparent());
            CompletableFuture<Outcome> outcome = dispatcher.call(request.name(), request.arguments(), ctx);
            outcome.whenComplete((o, e) -> {
                if (o != null && o.isError()) {
                    span.fail("the tool call returned an error");
                }
                span.end();
            });
            inFlight.register(callKey(exchange), cancelled, outcome);
            return Mono.fromFuture(outcome, true).doOnCancel(() -> cancelled.complete(null));
        }).map(this::result);
    }

    private McpSchema.CallToolResult result(Outcome o) {
        return McpSchema.CallToolResult.builder()
                .addTextContent(wire.toText(o.value()))
                .structuredContent(wire.toPlain(o.structured()))
                .isError(o.isError())
                .build();
    }

    /**
     * The span of one tool call (OpenTelemetry semantic conventions for MCP), continuing the caller's trace when it
     * sent one: {@code _meta.traceparent} of the request, else the HTTP {@code traceparent} header.
     */
    private CallSpan span(McpAsyncServerExchange exchange, McpSchema.CallToolRequest request) {
        Object parent = request.meta() == null ? null : request.meta().get(TRACEPARENT);
        if (!(parent instanceof String)) {
            McpTransportContext tc = exchange.transportContext();
            parent = tc == null ? null : tc.get(TRACEPARENT);
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("mcp.method.name", "tools/call");
        attrs.put("gen_ai.operation.name", "execute_tool");
        attrs.put("gen_ai.tool.name", request.name());
        attrs.put("jsonrpc.protocol.version", "2.0");
        if (exchange.sessionId() != null) {
            attrs.put("mcp.session.id", exchange.sessionId());
        }
        return CallSpan.start(tracer.get(), "tools/call " + request.name(), CallTracer.Kind.SERVER,
                parent instanceof String s ? s : null, attrs);
    }

    private static String callKey(McpAsyncServerExchange exchange) {
        McpTransportContext tc = exchange.transportContext();
        Object key = tc == null ? null : tc.get(CALL_KEY);
        return key == null ? null : key.toString();
    }

    private static CallContext.Progress progress(McpAsyncServerExchange exchange, McpSchema.CallToolRequest req) {
        Object token = req.progressToken();
        if (token == null) {
            return CallContext.Progress.NONE;
        }
        return (progress, total, message) -> exchange
                .progressNotification(new McpSchema.ProgressNotification(token, progress, total, message))
                .onErrorResume(e -> {
                    LOG.debug("Progress notification not delivered: {}", e.getMessage());
                    return Mono.empty();
                }).subscribe();
    }

    private static final String INSTRUCTIONS = "Mahavishnu runs pools of workers (AI coding CLIs, commands) and routes "
            + "tasks to them. Typical flow: pool_spawn -> pool_execute or pool_route_execute -> pool_scale -> "
            + "pool_close. pool_list and pool_health show what runs. Every failed call returns {status: \"failed\", "
            + "error} saying what was wrong.";
}

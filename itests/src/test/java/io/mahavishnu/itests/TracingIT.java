package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.pool.PoolConfig;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.Test;

/**
 * Tracing across two runtimes on one redis-server, both with the federation and tracing add-ons. An MCP client
 * calls pool_route_execute on runtime A with a W3C traceparent header; the task runs on a pool that exists only
 * on runtime B. One trace then holds A's MCP call span, its route span and its hand-over span, and B's spans of
 * the delegated run, its pool and its worker, under the client's trace id. Spans are collected in each runtime
 * through the tracing bundle's span listeners (in memory) and, from A, through the real OTLP/HTTP exporter into a
 * receiver in this test that decodes the protobuf payload.
 */
public class TracingIT {

    private static final long TIMEOUT_SECONDS = 60;
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    @Test
    public void oneTraceSpansTheCallerAndTheRuntimeThatRanTheTask() throws Exception {
        List<File> bundles = List.of(new File(System.getProperty("mahavishnu.federation.bundles")),
                new File(System.getProperty("mahavishnu.tracing.addon")));
        try (RedisServerProcess redis = RedisServerProcess.started(); OtlpReceiver otlp = new OtlpReceiver()) {
            Path homeA = FederationIT.home("trace-a", redis.port());
            Files.writeString(homeA.resolve("etc/io.mahavishnu.tracing.cfg"), "exporter = otlp\notlp_endpoint = "
                    + otlp.endpoint() + "\n");
            String mcpA = Files.readString(homeA.resolve("etc/io.mahavishnu.mcp.cfg")).replaceAll("\\D", "");
            try (FelixRuntime b = FelixRuntime.start(FederationIT.home("trace-b", redis.port()), bundles, Map.of());
                 FelixRuntime a = FelixRuntime.start(homeA, bundles, Map.of())) {
                List<Map<String, Object>> spansA = listen(a);
                List<Map<String, Object>> spansB = listen(b);
                String poolB = b.service(PoolManager.class).spawn(PoolConfig.builder().name("on-b")
                        .workerType("noop").minWorkers(1).build()).toCompletableFuture()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).poolId();
                PoolManager managerA = a.service(PoolManager.class);
                try {
                    FederationIT.await(() -> managerA.get(poolB), "runtime A lists pool " + poolB);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; A: " + state(a) + "; B: " + state(b), e);
                }

                RawMcp mcp = new RawMcp("http://127.0.0.1:" + mcpA + "/mcp");
                FederationIT.eventually("the MCP server of A answers", () -> {
                    try {
                        mcp.initialize();
                        return true;
                    } catch (Exception | AssertionError e) {
                        return false;
                    }
                });
                HttpResponse<String> r = mcp.post(Map.of("jsonrpc", "2.0", "id", 7, "method", "tools/call",
                        "params", Map.of("name", "pool_route_execute", "arguments", Map.of("prompt", "traced"))),
                        Map.of("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01"));
                assertThat(r.body()).contains("\"status\":\"completed\"").contains(poolB);

                // A: the MCP call continues the client's span; the route decision and the hand-over follow it
                FederationIT.eventually("A recorded the route and hand-over spans", () ->
                        names(spansA).containsAll(List.of("tools/call pool_route_execute", "route least_loaded",
                                "send task_delegate")));
                Map<String, Object> call = named(spansA, "tools/call pool_route_execute");
                assertThat(call).containsEntry("trace_id", TRACE_ID).containsEntry("parent_span_id", CLIENT_SPAN)
                        .containsEntry("kind", "server");
                Map<String, Object> route = named(spansA, "route least_loaded");
                assertThat(route).containsEntry("trace_id", TRACE_ID)
                        .containsEntry("parent_span_id", call.get("span_id"));
                assertThat(attrs(route)).containsEntry("mahavishnu.pool.runtime.id", runtimeOf(b));
                Map<String, Object> send = named(spansA, "send task_delegate");
                assertThat(send).containsEntry("trace_id", TRACE_ID).containsEntry("kind", "client");

                // B: the delegated run, its pool and its worker, in the same trace under A's hand-over span
                FederationIT.eventually("B recorded the run", () ->
                        names(spansB).containsAll(List.of("process task_delegate", "pool.execute", "worker.run")));
                Map<String, Object> process = named(spansB, "process task_delegate");
                assertThat(process).containsEntry("trace_id", TRACE_ID)
                        .containsEntry("parent_span_id", send.get("span_id"));
                Map<String, Object> pool = named(spansB, "pool.execute");
                assertThat(pool).containsEntry("trace_id", TRACE_ID)
                        .containsEntry("parent_span_id", process.get("span_id"));
                Map<String, Object> worker = named(spansB, "worker.run");
                assertThat(worker).containsEntry("trace_id", TRACE_ID)
                        .containsEntry("parent_span_id", pool.get("span_id"));
                assertThat(attrs(worker)).containsEntry("mahavishnu.runtime.id", runtimeOf(b));
                assertThat(attrs(call)).containsEntry("mahavishnu.runtime.id", runtimeOf(a));

                // the same spans of A, sent by the OTLP/HTTP exporter as protobuf
                List<OtlpReceiver.Received> exported = new ArrayList<>();
                FederationIT.eventually("A exported its spans over OTLP/HTTP", () -> {
                    exported.addAll(otlp.drained());
                    return exported.stream().map(OtlpReceiver.Received::name).toList()
                            .containsAll(List.of("tools/call pool_route_execute", "route least_loaded"));
                });
                assertThat(exported).filteredOn(s -> s.name().equals("route least_loaded")).first()
                        .satisfies(s -> {
                            assertThat(s.traceId()).isEqualTo(TRACE_ID);
                            assertThat(s.spanId()).isEqualTo(route.get("span_id"));
                            assertThat(s.contentType()).isEqualTo("application/x-protobuf");
                        });
            }
        }
    }

    /** Registers a span listener in a runtime; the tracing bundle hands it every finished span as a map. */
    private static List<Map<String, Object>> listen(FelixRuntime runtime) {
        List<Map<String, Object>> spans = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("mahavishnu.tracing.span.listener", "true");
        Consumer<Map<String, Object>> listener = spans::add;
        runtime.context().registerService(Consumer.class, listener, props);
        return spans;
    }

    private static String state(FelixRuntime runtime) throws InterruptedException {
        io.mahavishnu.api.bus.MessageBus bus = runtime.service(io.mahavishnu.api.bus.MessageBus.class);
        return "transport " + bus.stats().transport() + ", runtime id " + bus.runtimeId() + ", pools "
                + runtime.service(PoolManager.class).list();
    }

    private static String runtimeOf(FelixRuntime runtime) throws InterruptedException {
        return runtime.service(io.mahavishnu.api.bus.MessageBus.class).runtimeId().orElseThrow();
    }

    private static List<Object> names(List<Map<String, Object>> spans) {
        return spans.stream().filter(s -> TRACE_ID.equals(s.get("trace_id"))).map(s -> s.get("name")).toList();
    }

    private static Map<String, Object> named(List<Map<String, Object>> spans, String name) {
        return spans.stream().filter(s -> name.equals(s.get("name")) && TRACE_ID.equals(s.get("trace_id")))
                .findFirst().orElseThrow(() -> new AssertionError("no span " + name + " in " + spans));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attrs(Map<String, Object> span) {
        return (Map<String, Object>) span.get("attributes");
    }
}

package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import io.mahavishnu.api.manager.PoolManager;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/** The ten pool tools through a real MCP client over Streamable HTTP, against the running bundles. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class McpServerIT extends McpTestSupport {

    private static final List<String> TOOLS = List.of("pool_spawn", "pool_execute", "pool_route_execute", "pool_list",
            "pool_monitor", "pool_scale", "pool_close", "pool_close_all", "pool_health", "pool_search_memory");

    @Override
    protected Map<String, Object> mcpSettings() {
        return Map.of("progress_interval_seconds", 1);
    }

    @Override
    protected Option[] moreOptions() {
        return new Option[] {systemProperty("echo.bundle").value(PluginJars.echoPoolType())};
    }

    private static Map<String, Object> noopPool(String name) {
        return Map.of("pool_type", "mahavishnu", "worker_type", "noop", "name", name, "min_workers", 1,
                "max_workers", 4);
    }

    @Test
    public void listsTheTenToolsEachWithAnInputSchemaAndDescription() throws Exception {
        List<McpSchema.Tool> tools = client().listTools().tools();
        assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrderElementsOf(TOOLS);
        for (McpSchema.Tool t : tools) {
            assertThat(t.description()).as(t.name()).isNotBlank();
            assertThat(t.inputSchema()).containsEntry("type", "object");
        }
        McpSchema.Tool spawn = tools.stream().filter(t -> t.name().equals("pool_spawn")).findFirst().orElseThrow();
        assertThat(map(spawn.inputSchema().get("properties"))).containsKeys("pool_type", "name", "min_workers", "max_workers",
                "worker_type", "extra_config");
        assertThat(map(map(spawn.inputSchema().get("properties")).get("pool_type")))
                .containsEntry("enum", List.of("mahavishnu", "session-buddy")).containsEntry("default", "mahavishnu");
        McpSchema.Tool route = tools.stream().filter(t -> t.name().equals("pool_route_execute")).findFirst()
                .orElseThrow();
        assertThat(list(map(map(route.inputSchema().get("properties")).get("pool_selector")).get("enum")))
                .contains("affinity", "least_loaded", "random", "round_robin");
    }

    @Test
    public void spawnExecuteRouteWithAffinityScaleAndClose() throws Exception {
        McpSyncClient c = client();
        McpSchema.CallToolResult spawned = call(c, "pool_spawn", noopPool("it-flow"));
        assertThat(spawned.isError()).as(spawned.toString()).isFalse();
        Map<String, Object> pool = structured(spawned);
        String id = (String) pool.get("pool_id");
        assertThat(pool).containsEntry("status", "created").containsEntry("pool_type", "mahavishnu")
                .containsEntry("min_workers", 1).containsEntry("max_workers", 4);
        assertThat(((McpSchema.TextContent) spawned.content().get(0)).text()).contains("\"pool_id\" : \"" + id);

        Map<String, Object> executed = structured(call(c, "pool_execute", Map.of("pool_id", id, "prompt", "hello")));
        assertThat(executed).containsEntry("pool_id", id).containsEntry("status", "completed")
                .containsEntry("output", "hello").containsKeys("worker_id", "error", "duration");

        Map<String, Object> routed = structured(call(c, "pool_route_execute", Map.of("prompt", "sticky",
                "pool_affinity", id)));
        assertThat(routed).containsEntry("pool_id", id).containsEntry("output", "sticky");
        assertThat(map(routed.get("route"))).containsEntry("strategy", "affinity")
                .containsEntry("reason", "affinity");
        assertThat(structured(call(c, "pool_route_execute", Map.of("prompt", "any", "pool_selector",
                "round_robin")))).containsEntry("status", "completed");

        assertThat(structured(call(c, "pool_scale", Map.of("pool_id", id, "target_workers", 3))))
                .isEqualTo(Map.of("pool_id", id, "target_workers", 3, "actual_workers", 3, "status", "scaled"));
        Map<String, Object> monitored = map(structured(call(c, "pool_monitor", Map.of("pool_ids", List.of(id))))
                .get(id));
        assertThat(monitored).containsEntry("status", "running").containsKey("memory_count");
        assertThat(map(monitored.get("metrics"))).containsKeys("in_flight", "tasks_completed", "total_workers");
        assertThat(list(structured(call(c, "pool_list", Map.of())).get("pools"))).isNotEmpty();
        Map<String, Object> health = structured(call(c, "pool_health", Map.of()));
        assertThat(health).containsKeys("status", "pools_active", "pools");
        Map<String, Object> own = list(health.get("pools")).stream().map(McpServerIT::map)
                .filter(p -> id.equals(p.get("pool_id"))).findFirst().orElseThrow();
        // The health vocabulary, not the lifecycle status (which a pool reports as pool_status)
        assertThat(own).containsEntry("status", "healthy").containsEntry("pool_type", "mahavishnu")
                .containsEntry("pool_status", "running").containsEntry("workers", 3);

        assertThat(structured(call(c, "pool_close", Map.of("pool_id", id))))
                .isEqualTo(Map.of("pool_id", id, "status", "closed"));
        McpSchema.CallToolResult again = call(c, "pool_close", Map.of("pool_id", id));
        assertThat(again.isError()).isTrue();
        assertThat(structured(again)).containsEntry("status", "failed");
        assertThat(structured(again).get("error").toString()).contains("Pool not found: " + id);
    }

    @Test
    public void everyBadInputComesBackAsAnErrorResultNamingTheValue() throws Exception {
        McpSyncClient c = client();
        String id = (String) structured(call(c, "pool_spawn", noopPool("it-errors"))).get("pool_id");
        Object[][] cases = {
                {"pool_spawn", Map.of("pool_type", "nope"), "Unknown pool type: nope"},
                {"pool_spawn", Map.of("min_workers", 5, "max_workers", 2), "min_workers"},
                {"pool_spawn", Map.of("max_workers", "many"), "'many'"},
                {"pool_spawn", Map.of("colour", "red"), "colour is not an argument of pool_spawn"},
                {"pool_execute", Map.of("pool_id", "ghost", "prompt", "x"), "Pool not found: ghost"},
                {"pool_execute", Map.of("pool_id", id), "prompt is required"},
                {"pool_execute", Map.of("pool_id", id, "prompt", "x", "priority", 12), "priority"},
                {"pool_route_execute", Map.of("prompt", "x", "pool_selector", "fastest"), "'fastest'"},
                {"pool_route_execute", Map.of("prompt", "x", "pool_selector", "affinity"), "pool_affinity"},
                {"pool_scale", Map.of("pool_id", id, "target_workers", 99), "99"},
                {"pool_scale", Map.of("pool_id", id), "target_workers is required"},
                {"pool_monitor", Map.of("pool_ids", List.of("ghost")), "Pool not found: ghost"},
                {"pool_close", Map.of(), "pool_id is required"},
                {"pool_search_memory", Map.of("query", "x", "limit", 0), "limit"},
                {"pool_list", Map.of("all", true), "all is not an argument of pool_list"},
        };
        for (Object[] k : cases) {
            @SuppressWarnings("unchecked")
            McpSchema.CallToolResult r = call(c, (String) k[0], (Map<String, Object>) k[1]);
            assertThat(r.isError()).as("%s %s", k[0], k[1]).isTrue();
            assertThat(structured(r)).as("%s %s", k[0], k[1]).containsEntry("status", "failed");
            assertThat(structured(r).get("error").toString()).as("%s %s", k[0], k[1]).contains((String) k[2]);
        }
        call(c, "pool_close", Map.of("pool_id", id));
    }

    @Test
    public void aPoolTypeDeployedAtRuntimeIsUsableThroughTheToolsWithoutRestart() throws Exception {
        CountDownLatch changed = new CountDownLatch(1);
        McpSyncClient c = client(b -> { }, tools -> {
            if (tools.stream().anyMatch(t -> t.name().equals("pool_spawn")
                    && String.valueOf(map(t.inputSchema().get("properties")).get("pool_type")).contains("echo"))) {
                changed.countDown();
            }
        });
        Bundle echo = context.installBundle(System.getProperty("echo.bundle"));
        try {
            echo.start();
            assertThat(changed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("tools/list_changed with echo").isTrue();
            McpSchema.Tool spawn = c.listTools().tools().stream().filter(t -> t.name().equals("pool_spawn"))
                    .findFirst().orElseThrow();
            assertThat(list(map(map(spawn.inputSchema().get("properties")).get("pool_type")).get("enum")))
                    .contains("echo", "mahavishnu");
            String id = (String) structured(call(c, "pool_spawn", Map.of("pool_type", "echo"))).get("pool_id");
            assertThat(id).startsWith("echo_");
            assertThat(structured(call(c, "pool_execute", Map.of("pool_id", id, "prompt", "from a plugin"))))
                    .containsEntry("output", "from a plugin");
            call(c, "pool_close", Map.of("pool_id", id));
        } finally {
            echo.uninstall();
        }
    }

    @Test
    public void concurrentCallsFromSeveralClientsAllComplete() throws Exception {
        McpSyncClient first = client();
        String id = (String) structured(call(first, "pool_spawn", noopPool("it-concurrent"))).get("pool_id");
        List<McpSyncClient> clients = List.of(first, client(), client(), client());
        List<CompletableFuture<Map<String, Object>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            McpSyncClient c = clients.get(i % clients.size());
            String prompt = "task-" + i;
            boolean direct = i % 2 == 0;
            calls.add(CompletableFuture.supplyAsync(() -> structured(direct
                    ? call(c, "pool_execute", Map.of("pool_id", id, "prompt", prompt))
                    : call(c, "pool_route_execute", Map.of("prompt", prompt, "pool_affinity", id)))));
        }
        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).containsEntry("status", "completed")
                    .containsEntry("output", "task-" + i).containsEntry("pool_id", id);
        }
        call(first, "pool_close", Map.of("pool_id", id));
    }

    @Test
    public void aLongTaskReportsProgressAndTheClientCancellingItStopsIt() throws Exception {
        McpSyncClient c = client();
        String id = (String) structured(call(c, "pool_spawn", noopPool("it-cancel"))).get("pool_id");
        RawMcp raw = new RawMcp(endpoint());
        raw.initialize();
        BlockingQueue<JsonNode> messages = raw.stream(Map.of("jsonrpc", "2.0", "id", 7, "method", "tools/call",
                "params", Map.of("name", "pool_execute", "_meta", Map.of("progressToken", "long-1"),
                        "arguments", Map.of("pool_id", id, "prompt", "long", "timeout", 600,
                                "attributes", Map.of("delay_ms", "600000")))));
        JsonNode progress = RawMcp.next(messages, m -> "notifications/progress".equals(m.path("method").asText()),
                TIMEOUT_SECONDS);
        assertThat(progress.path("params").path("progressToken").asText()).isEqualTo("long-1");
        PoolManager manager = manager();
        eventually("the task runs", () -> manager.get(id).orElseThrow().metrics().inFlight() == 1);

        raw.post(Map.of("jsonrpc", "2.0", "method", "notifications/cancelled",
                "params", Map.of("requestId", 7, "reason", "user stopped it")), Map.of());

        JsonNode result = RawMcp.next(messages, m -> m.path("id").asInt(-1) == 7, TIMEOUT_SECONDS);
        assertThat(result.path("result").path("isError").asBoolean()).isTrue();
        assertThat(result.path("result").path("structuredContent").path("status").asText()).isEqualTo("cancelled");
        eventually("the task is stopped", () -> manager.get(id).orElseThrow().metrics().inFlight() == 0);
        call(c, "pool_close", Map.of("pool_id", id));
    }
}

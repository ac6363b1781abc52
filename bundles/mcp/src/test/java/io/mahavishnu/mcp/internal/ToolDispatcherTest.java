package io.mahavishnu.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.manager.RouteOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ToolDispatcherTest {

    private final FakePoolManager manager = new FakePoolManager();
    private final WireMapper wire = new WireMapper();
    private ScheduledThreadPoolExecutor scheduler;
    private ToolDispatcher tools;
    private McpSettings settings = settings(60);

    @BeforeEach
    void setUp() {
        scheduler = new ScheduledThreadPoolExecutor(1);
        tools = new ToolDispatcher(new PoolTools(manager, () -> null, () -> settings.requestTimeout(), scheduler),
                new TaskTools(manager, scheduler, () -> settings),
                () -> new ToolCatalog.Deployed(manager.types, manager.strategies, "least_loaded"));
    }

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
    }

    static McpSettings settings(int requestTimeoutSeconds) {
        return new McpSettings(true, "127.0.0.1", 8680, "/mcp", "", List.of(), 1 << 20,
                Duration.ofSeconds(requestTimeoutSeconds), Duration.ofSeconds(1));
    }

    private Outcome call(String tool, Map<String, Object> args) throws Exception {
        return tools.call(tool, args, CallContext.none()).get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json(Outcome o) {
        return (Map<String, Object>) wire.toPlain(o.structured());
    }

    @Test
    void spawnUsesTheOriginalDefaultsAndAnswersInItsShape() throws Exception {
        Outcome o = call("pool_spawn", Map.of());
        assertThat(o.isError()).isFalse();
        Map<String, Object> r = json(o);
        assertThat(r).containsEntry("pool_type", "mahavishnu").containsEntry("name", "default")
                .containsEntry("status", "created").containsEntry("min_workers", 1).containsEntry("max_workers", 10)
                .containsEntry("worker_type", "terminal-qwen").containsKey("pool_id");
        assertThat(manager.pools.values().iterator().next().config().workerType()).isEqualTo("terminal-qwen");
    }

    @Test
    void spawnTakesExtraConfig() throws Exception {
        Outcome o = call("pool_spawn", Map.of("pool_type", "echo", "extra_config",
                Map.of("namespace", "jobs", "retries", 3)));
        assertThat(o.isError()).isFalse();
        assertThat(manager.pools.values().iterator().next().config().extraConfig())
                .containsEntry("namespace", "jobs").containsEntry("retries", "3");
    }

    @Test
    void badSpawnArgumentsComeBackAsErrorsNamingTheValue() throws Exception {
        Outcome o = call("pool_spawn", Map.of("min_workers", 5, "max_workers", 2));
        assertThat(o.isError()).isTrue();
        assertThat(json(o)).containsEntry("status", "failed");
        assertThat(json(o).get("error").toString()).contains("min_workers").contains("5");

        assertThat(json(call("pool_spawn", Map.of("max_workers", "ten"))).get("error").toString())
                .contains("max_workers").contains("'ten'");
        assertThat(json(call("pool_spawn", Map.of("pool_type", "nope"))).get("error").toString())
                .contains("Unknown pool type: nope").contains("echo, mahavishnu");
        assertThat(json(call("pool_spawn", Map.of("size", 3))).get("error").toString())
                .contains("size").contains("is not an argument of pool_spawn");
    }

    @Test
    void executeReturnsTheTaskResultWithDurationInSeconds() throws Exception {
        String id = json(call("pool_spawn", Map.of())).get("pool_id").toString();
        Outcome o = call("pool_execute", Map.of("pool_id", id, "prompt", "hi", "priority", 7,
                "caller_kind", "claude-code", "attributes", Map.of("repo", "/src"), "parent_session_id", "sess-42"));
        Map<String, Object> r = json(o);
        assertThat(r).containsEntry("pool_id", id).containsEntry("worker_id", id + "-w1")
                .containsEntry("status", "completed").containsEntry("output", "hi").containsEntry("error", null)
                .containsEntry("duration", 1.5);
        assertThat(manager.tasks.get(0).priority()).isEqualTo(7);
        assertThat(manager.tasks.get(0).attributes()).containsEntry("repo", "/src")
                .containsEntry("caller_kind", "claude_code").containsEntry("parent_session_id", "sess-42");
        assertThat(manager.tasks.get(0).timeout()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void executeOnAnUnknownPoolNamesIt() throws Exception {
        Outcome o = call("pool_execute", Map.of("pool_id", "mahavishnu_x", "prompt", "hi"));
        assertThat(o.isError()).isTrue();
        assertThat(json(o)).containsEntry("pool_id", "mahavishnu_x").containsEntry("status", "failed");
        assertThat(json(o).get("error").toString()).contains("Pool not found: mahavishnu_x");
        assertThat(json(call("pool_execute", Map.of("pool_id", "p", "prompt", "x", "timeout", 0))).get("error")
                .toString()).contains("timeout").contains("between 1 and 86400");
    }

    @Test
    void routeWithAffinityUsesTheAffinityStrategyAndSaysWhy() throws Exception {
        call("pool_spawn", Map.of());
        String second = json(call("pool_spawn", Map.of())).get("pool_id").toString();
        Map<String, Object> r = json(call("pool_route_execute", Map.of("prompt", "p", "pool_affinity", second)));
        assertThat(r).containsEntry("pool_id", second);
        assertThat(manager.routes.get(0)).isEqualTo(new RouteOptions("affinity", second));
        assertThat(r.get("route")).isEqualTo(Map.of("strategy", "affinity", "reason", "affinity", "attempts", 1));

        call("pool_route_execute", Map.of("prompt", "p"));
        assertThat(manager.routes.get(1)).isEqualTo(new RouteOptions(null, null));
    }

    @Test
    void routeRefusesInconsistentSelectorArguments() throws Exception {
        assertThat(json(call("pool_route_execute", Map.of("prompt", "p", "pool_selector", "x"))).get("error")
                .toString()).contains("pool_selector").contains("'x'").contains("affinity, least_loaded");
        assertThat(json(call("pool_route_execute", Map.of("prompt", "p", "pool_selector", "affinity"))).get("error")
                .toString()).contains("pool_affinity is required");
        assertThat(json(call("pool_route_execute", Map.of("prompt", "p", "pool_selector", "random",
                "pool_affinity", "k"))).get("error").toString()).contains("only used by the affinity strategy");
        assertThat(json(call("pool_route_execute", Map.of("prompt", "p"))).get("error").toString())
                .contains("No pools available");
    }

    @Test
    void scaleCloseAndCloseAllAnswerInTheOriginalShapes() throws Exception {
        String id = json(call("pool_spawn", Map.of())).get("pool_id").toString();
        assertThat(json(call("pool_scale", Map.of("pool_id", id, "target_workers", 4))))
                .isEqualTo(Map.of("pool_id", id, "target_workers", 4, "actual_workers", 4, "status", "scaled"));
        assertThat(json(call("pool_scale", Map.of("pool_id", id, "target_workers", 40))).get("error").toString())
                .contains("target_workers").contains("40");
        manager.scalable = false;
        assertThat(json(call("pool_scale", Map.of("pool_id", id, "target_workers", 2))).get("error").toString())
                .contains("does not support scaling").contains("mahavishnu");
        assertThat(json(call("pool_close", Map.of("pool_id", id)))).isEqualTo(Map.of("pool_id", id,
                "status", "closed"));
        Outcome again = call("pool_close", Map.of("pool_id", id));
        assertThat(again.isError()).isTrue();
        assertThat(json(again).get("error").toString()).contains("Pool not found: " + id);
        call("pool_spawn", Map.of());
        assertThat(json(call("pool_close_all", Map.of()))).isEqualTo(Map.of("pools_closed", 1,
                "status", "all_closed"));
    }

    @Test
    void listMonitorAndHealth() throws Exception {
        String id = json(call("pool_spawn", Map.of("name", "n1"))).get("pool_id").toString();
        Outcome list = call("pool_list", Map.of());
        assertThat(wire.toPlain(list.value())).asList().hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = ((List<Map<String, Object>>) json(list).get("pools")).get(0);
        assertThat(entry).containsEntry("pool_id", id).containsEntry("name", "n1").containsEntry("status", "running")
                .containsEntry("workers", 1).containsEntry("min_workers", 1).containsEntry("max_workers", 10);

        @SuppressWarnings("unchecked")
        Map<String, Object> monitored = (Map<String, Object>) json(call("pool_monitor", Map.of())).get(id);
        assertThat(monitored).containsEntry("memory_count", 2).containsEntry("status", "running");
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) monitored.get("metrics");
        assertThat(metrics).containsEntry("tasks_completed", 3L).containsEntry("latency_ewma_ms", 12.5)
                .containsEntry("scale_decisions", 2L).containsEntry("last_scale_decision", Map.of("from", 2 - 1,
                        "to", 2, "reason", "utilization 1.60 above target 0.70", "policy", "utilization",
                        "at", "2026-01-01T00:00:00Z"));
        assertThat(json(call("pool_monitor", Map.of("pool_ids", List.of("nope")))).get("error").toString())
                .contains("Pool not found: nope");

        Map<String, Object> health = json(call("pool_health", Map.of()));
        assertThat(health).containsEntry("status", "healthy").containsEntry("pools_active", 1);
        assertThat(health.get("pools")).asList().first().asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("workers_active", 1)
                .containsEntry("status", "healthy").doesNotContainEntry("pool_id", "shadow");
    }

    @Test
    void memorySearchWithoutAggregatorIsAClearError() throws Exception {
        Outcome o = call("pool_search_memory", Map.of("query", "x"));
        assertThat(o.isError()).isTrue();
        assertThat(json(o).get("error").toString()).contains("memory aggregator");
    }

    @Test
    void aTaskRefusedByTheQuotaAnswersRateLimitedWithRetryAfter() throws Exception {
        String id = json(call("pool_spawn", Map.of())).get("pool_id").toString();
        manager.limited = "workflow";
        Outcome o = call("pool_route_execute", Map.of("prompt", "x", "caller_kind", "workflow"));
        assertThat(o.isError()).isTrue();
        assertThat(json(o)).containsEntry("status", "rate_limited").containsEntry("caller_kind", "workflow")
                .containsEntry("retry_after_seconds", 42L);
        assertThat(json(o).get("error").toString()).contains("workflow");
        assertThat(call("pool_execute", Map.of("pool_id", id, "prompt", "x", "caller_kind", "made-up")).isError())
                .isFalse();
        assertThat(manager.tasks.get(0).attributes()).containsEntry("caller_kind", "unknown");
    }

    @Test
    void cancellingTheCallStopsTheTaskAndProgressIsReported() throws Exception {
        String id = json(call("pool_spawn", Map.of())).get("pool_id").toString();
        List<String> progress = new CopyOnWriteArrayList<>();
        CallContext ctx = new CallContext(new CompletableFuture<>(), (p, t, m) -> progress.add(p + "/" + t + " " + m));
        CompletableFuture<Outcome> running = tools.call("pool_execute", Map.of("pool_id", id, "prompt", "hold",
                "timeout", 30), ctx);
        assertThat(running).isNotDone();
        ctx.cancelled().complete(null);
        Outcome o = running.get(10, TimeUnit.SECONDS);
        assertThat(manager.held.get(0).isCancelled()).isTrue();
        assertThat(json(o)).containsEntry("status", "cancelled").containsEntry("pool_id", id);
        assertThat(progress.get(0)).startsWith("0.0/30.0 sent to pool " + id);
    }

    @Test
    void aTaskWithoutResultIsStoppedAfterItsTimeoutPlusTheMargin() throws Exception {
        settings = settings(1);
        String id = json(call("pool_spawn", Map.of())).get("pool_id").toString();
        Outcome o = call("pool_execute", Map.of("pool_id", id, "prompt", "hold", "timeout", 1));
        assertThat(json(o)).containsEntry("status", "timeout");
        assertThat(json(o).get("error").toString()).contains("No result within 2 s");
        assertThat(manager.held.get(0).isCancelled()).isTrue();
    }

    @Test
    void everyToolHasASchemaAndTheEnumsFollowWhatIsDeployed() {
        List<ToolCatalog.ToolDef> defs = ToolCatalog.tools(new ToolCatalog.Deployed(
                java.util.Set.of("mahavishnu", "echo"), java.util.Set.of("random"), "random"));
        assertThat(defs).extracting(ToolCatalog.ToolDef::name).containsExactly("pool_spawn", "pool_execute",
                "pool_route_execute", "pool_list", "pool_monitor", "pool_scale", "pool_close", "pool_close_all",
                "pool_health", "pool_search_memory");
        Map<String, Object> spawn = new HashMap<>(defs.get(0).schema());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> props = (Map<String, Map<String, Object>>) spawn.get("properties");
        assertThat(props.get("pool_type")).containsEntry("enum", List.of("echo", "mahavishnu"))
                .containsEntry("default", "mahavishnu");
        assertThat(props.get("min_workers")).containsEntry("minimum", 0).containsEntry("default", 1);
        assertThat(new ArrayList<>(props.keySet())).contains("extra_config");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> route = (Map<String, Map<String, Object>>) defs.get(2).schema()
                .get("properties");
        assertThat(route.get("pool_selector")).containsEntry("enum", List.of("random"));
        assertThat(route).containsKeys("pool_affinity", "caller_kind", "priority", "deadline_seconds");
    }
}

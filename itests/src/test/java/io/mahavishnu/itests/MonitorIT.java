package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.io.File;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * /metrics parsed after real traffic through the PoolManager, /events read by an HTTP client while pools change
 * (and resumed with Last-Event-ID), and the dashboard's state and strategy switch, on loopback without a token.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MonitorIT extends MonitorTestSupport {

    private static final int HISTORY = 40;
    private final ObjectMapper json = new ObjectMapper();

    @Override
    protected void prepareConfigurations(File cmDir) {
        super.prepareConfigurations(cmDir);
        writeConfig(cmDir, "io.mahavishnu.monitor", Map.of("event_history", HISTORY));
    }

    @Test
    public void metricsCountRealTraffic() throws Exception {
        awaitMonitor(Map.of());
        PrometheusText before = scrape(Map.of());
        double affinityBefore = before.sum("mahavishnu_routing_decisions_total", "strategy", "affinity",
                "reason", "affinity");
        PoolInfo pool = spawn("metrics");
        String id = pool.poolId();
        for (int i = 0; i < 6; i++) {
            TaskResult r = await(manager().route(Task.ofPrompt("m" + i), RouteOptions.affinity(id)));
            assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
        }
        for (int i = 0; i < 2; i++) {
            TaskResult r = await(manager().execute(id, Task.builder().prompt("f").attribute("fail", "boom").build()));
            assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
        }
        // The histograms follow the task.completed events, delivered on the manager's event thread.
        eventually("the latency histograms count all 8 tasks", () -> {
            try {
                return scrape(Map.of()).sum("mahavishnu_task_duration_seconds_count", "pool_id", id) == 8;
            } catch (Exception e) {
                return false;
            }
        });
        PrometheusText t = scrape(Map.of());
        assertThat(t.types).containsEntry("mahavishnu_task_duration_seconds", "histogram")
                .containsEntry("mahavishnu_pool_tasks_completed_total", "counter")
                .containsEntry("mahavishnu_pool_tasks_in_flight", "gauge");
        assertThat(t.value("mahavishnu_pool_info", "pool_id", id, "pool_type", "mahavishnu", "name", "metrics",
                "status", "running")).isEqualTo(1.0);
        assertThat(t.value("mahavishnu_pools", "pool_type", "mahavishnu", "status", "running")).isGreaterThanOrEqualTo(1);
        assertThat(t.value("mahavishnu_pool_workers", "pool_id", id)).isEqualTo(1.0);
        assertThat(t.value("mahavishnu_pool_tasks_in_flight", "pool_id", id)).isZero();
        assertThat(t.value("mahavishnu_pool_tasks_completed_total", "pool_id", id)).isEqualTo(6.0);
        assertThat(t.value("mahavishnu_pool_tasks_failed_total", "pool_id", id)).isEqualTo(2.0);
        assertThat(t.value("mahavishnu_task_duration_seconds_count", "pool_id", id, "status", "completed"))
                .isEqualTo(6.0);
        assertThat(t.value("mahavishnu_task_duration_seconds_count", "pool_id", id, "status", "failed"))
                .isEqualTo(2.0);
        assertThat(t.value("mahavishnu_task_duration_seconds_bucket", "pool_id", id, "status", "completed",
                "le", "+Inf")).isEqualTo(6.0);
        assertThat(t.value("mahavishnu_task_duration_seconds_sum", "pool_id", id, "status", "completed"))
                .isGreaterThanOrEqualTo(0.0);
        assertThat(t.sum("mahavishnu_routing_decisions_total", "strategy", "affinity", "reason", "affinity")
                - affinityBefore).isEqualTo(6.0);
        assertThat(t.value("mahavishnu_routing_default_strategy", "strategy", manager().defaultStrategy()))
                .isEqualTo(1.0);
        assertThat(t.value("mahavishnu_bus_info", "transport", "local")).isEqualTo(1.0);
        assertThat(t.value("mahavishnu_bus_messages_published_total")).isGreaterThan(0);
        assertThat(t.value("mahavishnu_monitor_events_total", "type", "task.completed")).isGreaterThanOrEqualTo(8);

        HttpResponse<String> open = get("/metrics", Map.of("Accept",
                "application/openmetrics-text; version=1.0.0; charset=utf-8"));
        assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/openmetrics-text"));
        assertThat(open.body()).endsWith("# EOF\n");

        await(manager().close(id));
        eventually("a closed pool's series disappear", () -> {
            try {
                PrometheusText after = scrape(Map.of());
                return after.value("mahavishnu_pool_info", "pool_id", id) == null
                        && after.sum("mahavishnu_task_duration_seconds_count", "pool_id", id) == 0;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    public void eventsFollowPoolsWhileTheyChangeAndAReconnectResumes() throws Exception {
        awaitMonitor(Map.of());
        List<SseStream.Event> seen = new ArrayList<>();
        String id;
        try (SseStream stream = new SseStream(baseUrl() + "/events", Map.of())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            id = spawn("events").poolId();
            await(manager().scale(id, 2));
            await(manager().route(Task.ofPrompt("e"), RouteOptions.affinity(id)));
            await(manager().close(id));
            String pool = "\"pool_id\":\"" + id + "\"";
            List<SseStream.Event> bus = new ArrayList<>();
            SseStream.Event spawned = stream.next(e -> e.event().equals("pool.spawned") && e.data().contains(pool), 30);
            seen.add(spawned);
            for (String type : List.of("pool.scaled", "task.assigned", "task.completed", "pool.closed")) {
                SseStream.Event e = stream.next(x -> {
                    (x.event().startsWith("bus.") ? bus : seen).add(x);
                    return x.event().equals(type) && x.data().contains(pool);
                }, 30);
                JsonNode data = json.readTree(e.data());
                assertThat(data.get("seq").asLong()).isEqualTo(Long.parseLong(e.id()));
                assertThat(data.get("type").asText()).isEqualTo(type);
                if (type.equals("pool.scaled")) {
                    assertThat(data.at("/data/from").asInt()).isEqualTo(1);
                    assertThat(data.at("/data/to").asInt()).isEqualTo(2);
                }
                if (type.equals("task.completed")) {
                    assertThat(data.at("/data/status").asText()).isEqualTo("completed");
                    assertThat(data.at("/data/duration").isNumber()).isTrue();
                    assertThat(data.at("/data/strategy").asText()).isEqualTo("affinity");
                    assertThat(data.at("/data/reason").asText()).isEqualTo("affinity");
                    assertThat(data.at("/data/attempts").asInt()).isEqualTo(1);
                }
            }
            // Bus messages share the stream in their own id space; the pool's closing one may still be on its way.
            if (bus.stream().noneMatch(e -> e.event().equals("bus.pool_closed") && e.data().contains(pool))) {
                bus.add(stream.next(e -> e.event().equals("bus.pool_closed") && e.data().contains(pool), 30));
            }
            assertThat(bus).isNotEmpty().allSatisfy(e -> assertThat(e.id()).startsWith("bus-"));
        }
        assertThat(seen).extracting(e -> Long.parseLong(e.id())).isSorted().doesNotHaveDuplicates();

        // A client that saw pool.spawned and lost the connection gets exactly what followed, in the same order.
        try (SseStream again = new SseStream(baseUrl() + "/events?bus=false", Map.of("Last-Event-ID",
                seen.get(0).id()))) {
            List<String> replayed = new ArrayList<>();
            String closedId = seen.get(seen.size() - 1).id();
            again.next(e -> {
                replayed.add(e.id());
                return closedId.equals(e.id());
            }, 30);
            assertThat(replayed).containsExactlyElementsOf(seen.subList(1, seen.size()).stream()
                    .map(SseStream.Event::id).toList());
        }
    }

    @Test
    public void aClientWhoseLastEventIsNoLongerKeptIsToldToReload() throws Exception {
        awaitMonitor(Map.of());
        String old;
        String id;
        try (SseStream stream = new SseStream(baseUrl() + "/events?bus=false", Map.of())) {
            id = spawn("reset").poolId();
            String pool = "\"pool_id\":\"" + id + "\"";
            old = stream.next(e -> e.event().equals("pool.spawned") && e.data().contains(pool), 30).id();
            TaskResult last = null;
            for (int i = 0; i < HISTORY; i++) {
                last = await(manager().route(Task.ofPrompt("r"), RouteOptions.affinity(id)));
            }
            // Seen live means kept in the history: the older half of these events pushed the spawn out.
            String lastTask = "\"task_id\":\"" + last.taskId() + "\"";
            stream.next(e -> e.event().equals("task.completed") && e.data().contains(lastTask), 30);
        }
        try (SseStream stream = new SseStream(baseUrl() + "/events?last_event_id=" + old, Map.of())) {
            SseStream.Event reset = stream.next(e -> true, 30);
            assertThat(reset.event()).isEqualTo("reset");
            assertThat(reset.id()).isNull();
            assertThat(reset.data()).contains("older than the " + HISTORY + " events kept").contains(old);
        }
        await(manager().close(id));
    }

    @Test
    public void theDashboardServesItsPageStateAndStrategySwitch() throws Exception {
        awaitMonitor(Map.of());
        String id = spawn("dashboard").poolId();
        HttpResponse<String> page = get("/dashboard", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("text/html"));
        assertThat(page.body()).contains("new EventSource").contains("'/events'").doesNotContain("{{")
                .doesNotContain("src=\"http");
        JsonNode state = json.readTree(get("/dashboard/state", Map.of()).body());
        assertThat(state.get("token_required").asBoolean()).isFalse();
        assertThat(state.get("strategies").toString()).contains("round_robin").contains("least_loaded");
        assertThat(state.get("pools").findValuesAsText("pool_id")).contains(id);

        String same = baseUrl();
        String previous = manager().defaultStrategy();
        try {
            HttpResponse<String> ok = post("/dashboard/strategy", "application/json", "{\"strategy\":\"round_robin\"}",
                    Map.of("Origin", same));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(json.readTree(ok.body()).get("default_strategy").asText()).isEqualTo("round_robin");
            assertThat(manager().defaultStrategy()).isEqualTo("round_robin");

            HttpResponse<String> bad = post("/dashboard/strategy", "application/json", "{\"strategy\":\"fastest\"}",
                    Map.of());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(json.readTree(bad.body()).get("strategy").asText()).isEqualTo("fastest");
            assertThat(json.readTree(bad.body()).get("error").asText()).contains("fastest").contains("round_robin");
            assertThat(post("/dashboard/strategy", "application/json", "{}", Map.of()).body())
                    .contains("strategy must be the name of a deployed routing strategy");

            // Another loopback origin passes the server's Origin check, but not the switch's same-origin rule.
            HttpResponse<String> otherSite = post("/dashboard/strategy", "application/json",
                    "{\"strategy\":\"random\"}", Map.of("Origin", "http://localhost:1"));
            assertThat(otherSite.statusCode()).isEqualTo(403);
            assertThat(otherSite.body()).contains("Cross-origin");
            assertThat(post("/dashboard/strategy", "application/json", "{\"strategy\":\"random\"}",
                    Map.of("Sec-Fetch-Site", "cross-site")).statusCode()).isEqualTo(403);
            HttpResponse<String> form = post("/dashboard/strategy", "text/plain", "{\"strategy\":\"random\"}",
                    Map.of());
            assertThat(form.statusCode()).isEqualTo(415);
            assertThat(manager().defaultStrategy()).isEqualTo("round_robin");
        } finally {
            manager().setDefaultStrategy(previous);
            await(manager().close(id));
        }
    }

    /**
     * A refused POST (cross-site, wrong content type) answers before the client stops sending; the next request the
     * client sends on the same kept-alive connection must still get its answer (a POST is not retried by clients).
     */
    @Test
    public void aRefusedStrategySwitchLeavesTheConnectionUsable() throws Exception {
        awaitMonitor(Map.of());
        String previous = manager().defaultStrategy();
        for (int i = 0; i < 200; i++) {
            assertThat(post("/dashboard/strategy", "application/json", "{\"strategy\":\"random\"}",
                    Map.of("Origin", "http://localhost:1")).statusCode()).isEqualTo(403);
            assertThat(post("/dashboard/strategy", "text/plain", "{\"strategy\":\"random\"}", Map.of())
                    .statusCode()).isEqualTo(415);
        }
        assertThat(manager().defaultStrategy()).isEqualTo(previous);
    }
}

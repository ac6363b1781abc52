package io.mahavishnu.monitor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahavishnu.api.bus.BusStats;
import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.manager.PoolEvent;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.RoutingStats;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolMetrics;
import io.mahavishnu.api.pool.PoolStatus;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsCollectorTest {

    private static PoolManager manager(List<PoolInfo> pools, RoutingStats stats) {
        return (PoolManager) Proxy.newProxyInstance(MetricsCollectorTest.class.getClassLoader(),
                new Class<?>[] {PoolManager.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "list" -> pools;
                    case "routingStats" -> stats;
                    case "defaultStrategy" -> "least_loaded";
                    case "strategies" -> Set.of("least_loaded", "round_robin");
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static MessageBus bus(BusStats stats) {
        return (MessageBus) Proxy.newProxyInstance(MetricsCollectorTest.class.getClassLoader(),
                new Class<?>[] {MessageBus.class}, (proxy, m, args) -> {
                    if (m.getName().equals("stats")) {
                        return stats;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void theTextFormatCarriesPoolsHistogramsRoutingAndBus() throws Exception {
        PoolConfig cfg = PoolConfig.builder().poolType("mahavishnu").name("demo").minWorkers(1).maxWorkers(4).build();
        PoolMetrics pm = new PoolMetrics("p1", PoolStatus.RUNNING, 1, 2, 1, 3, 7, 2, 1, 0.1, 250, 0, 4, 1, null);
        PoolInfo pool = new PoolInfo("p1", PoolStatus.RUNNING, 2, cfg, pm, true);
        PoolInfo elsewhere = new PoolInfo("r1", PoolStatus.RUNNING, 3, cfg, pm, true, "runtime-b");
        RoutingStats stats = new RoutingStats(Map.of("affinity", Map.of("affinity_fallback_least_loaded", 3L)), 2,
                Map.of("workflow", 5L), 1, 0, List.of(), 0);
        LatencyHistograms latency = new LatencyHistograms(new double[] {0.1, 1});
        for (double d : new double[] {0.05, 0.1, 0.5, 2}) {
            latency.accept(new PoolEvent(1, PoolEvent.TASK_COMPLETED, "p1", "t", Instant.now(),
                    Map.of("status", "completed", "duration", d)));
        }
        EventHub hub = new EventHub(new ObjectMapper(), 10, e -> { });
        BusStats bs = new BusStats("local", 1, Map.of("p1", 6), Map.of(), 1000, 10, 9, 1, 0, 0, 0);
        MetricsCollector collector = new MetricsCollector(manager(List.of(pool, elsewhere), stats), () -> bus(bs), latency, hub);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, collector.collect());
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(text)
                .contains("mahavishnu_pools{pool_type=\"mahavishnu\",status=\"running\"} 1")
                .contains("mahavishnu_pool_workers{pool_id=\"p1\",pool_type=\"mahavishnu\"} 2")
                .contains("mahavishnu_pool_tasks_in_flight{pool_id=\"p1\",pool_type=\"mahavishnu\"} 1")
                .contains("mahavishnu_pool_tasks_completed_total{pool_id=\"p1\",pool_type=\"mahavishnu\"} 7")
                .contains("mahavishnu_pool_tasks_timeout_total{pool_id=\"p1\",pool_type=\"mahavishnu\"} 1")
                .contains("mahavishnu_pool_latency_ewma_seconds{pool_id=\"p1\",pool_type=\"mahavishnu\"} 0.25")
                .contains("# TYPE mahavishnu_task_duration_seconds histogram")
                .contains("mahavishnu_task_duration_seconds_bucket{pool_id=\"p1\",pool_type=\"mahavishnu\","
                        + "status=\"completed\",le=\"0.1\"} 2")
                .contains("le=\"1.0\"} 3")
                .contains("le=\"+Inf\"} 4")
                .contains("mahavishnu_task_duration_seconds_count{pool_id=\"p1\",pool_type=\"mahavishnu\","
                        + "status=\"completed\"} 4")
                .contains("mahavishnu_routing_decisions_total{reason=\"affinity_fallback_least_loaded\","
                        + "strategy=\"affinity\"} 3")
                .contains("mahavishnu_routing_default_strategy{strategy=\"least_loaded\"} 1")
                .contains("mahavishnu_routing_unroutable_total 2")
                .contains("mahavishnu_rate_limited_total{caller_kind=\"workflow\"} 5")
                .contains("mahavishnu_bus_queue_size{pool_id=\"p1\"} 6")
                .contains("mahavishnu_bus_messages_rejected_total 1")
                .contains("mahavishnu_remote_pools{runtime_id=\"runtime-b\",status=\"running\"} 1")
                .doesNotContain("pool_id=\"r1\"");
    }

    @Test
    void aClosedPoolsHistogramsAreDropped() {
        LatencyHistograms latency = new LatencyHistograms(new double[] {1});
        latency.accept(new PoolEvent(1, PoolEvent.TASK_COMPLETED, "p1", "t", Instant.now(),
                Map.of("status", "failed", "duration", 3)));
        assertThat(latency.snapshot()).containsOnlyKeys(new LatencyHistograms.Key("p1", "failed"));
        assertThat(latency.snapshot().values().iterator().next().counts()).containsExactly(0, 1);
        latency.accept(new PoolEvent(2, PoolEvent.POOL_CLOSED, "p1", null, Instant.now(), Map.of()));
        assertThat(latency.snapshot()).isEmpty();
    }
}

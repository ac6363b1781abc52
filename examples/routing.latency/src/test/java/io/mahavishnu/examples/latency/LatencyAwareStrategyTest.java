package io.mahavishnu.examples.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.routing.CandidateSnapshot;
import io.mahavishnu.api.routing.RoutingRequest;
import java.lang.annotation.Annotation;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyAwareStrategyTest {

    private final RoutingRequest request = new RoutingRequest(Task.ofPrompt("x"), null);

    private static CandidateSnapshot pool(String id, int inFlight, int capacity, double latencyMillis) {
        return new CandidateSnapshot(id, "t", PoolStatus.RUNNING, inFlight, 0, capacity, latencyMillis,
                HealthStatus.HEALTHY);
    }

    private static LatencyAwareStrategy.Config config(double unknownLatency) {
        return new LatencyAwareStrategy.Config() {
            public double unknown_latency_millis() { return unknownLatency; }
            public Class<? extends Annotation> annotationType() { return LatencyAwareStrategy.Config.class; }
        };
    }

    @Test
    void prefersTheFasterPoolWhileItHasIdleWorkers() {
        LatencyAwareStrategy s = new LatencyAwareStrategy();
        List<CandidateSnapshot> pools = List.of(pool("slow", 0, 4, 900), pool("fast", 3, 4, 100));
        assertThat(s.select(request, pools).poolId()).isEqualTo("fast");
        assertThat(s.select(request, pools).reason()).isEqualTo("latency_aware");
    }

    @Test
    void aBusyFastPoolLosesToAnIdleSlowerOneWhenTheQueueAheadCostsMore() {
        // fast: 100 ms but 20 tasks on 2 workers -> (21 / 2) rounds = 1050 ms; slow: 900 ms, a worker is free
        LatencyAwareStrategy s = new LatencyAwareStrategy();
        List<CandidateSnapshot> pools = List.of(pool("fast", 20, 2, 100), pool("slow", 0, 4, 900));
        assertThat(s.select(request, pools).poolId()).isEqualTo("slow");
    }

    @Test
    void poolsWithoutMeasurementsAreTriedFirstByDefault() {
        LatencyAwareStrategy s = new LatencyAwareStrategy();
        assertThat(s.select(request, List.of(pool("measured", 0, 1, 5), pool("new", 0, 1, 0))).poolId())
                .isEqualTo("new");
    }

    @Test
    void theLatencyAssumedForNewPoolsIsConfigurable() {
        LatencyAwareStrategy s = new LatencyAwareStrategy(config(1000));
        assertThat(s.select(request, List.of(pool("new", 0, 1, 0), pool("measured", 0, 1, 5))).poolId())
                .isEqualTo("measured");
        assertThatThrownBy(() -> new LatencyAwareStrategy(config(-1)))
                .hasMessageContaining("unknown_latency_millis must be 0 or more (got: -1.0)");
    }

    @Test
    void aPoolWithoutCapacityIsChosenOnlyWhenNothingElseIs() {
        LatencyAwareStrategy s = new LatencyAwareStrategy();
        assertThat(s.select(request, List.of(pool("none", 0, 0, 1), pool("busy", 50, 1, 500))).poolId())
                .isEqualTo("busy");
        assertThat(s.select(request, List.of(pool("none", 0, 0, 1))).poolId()).isEqualTo("none");
    }

    @Test
    void tiesGoToThePoolSpawnedFirst() {
        LatencyAwareStrategy s = new LatencyAwareStrategy();
        assertThat(s.select(request, List.of(pool("a", 0, 2, 50), pool("b", 0, 2, 50))).poolId()).isEqualTo("a");
    }
}

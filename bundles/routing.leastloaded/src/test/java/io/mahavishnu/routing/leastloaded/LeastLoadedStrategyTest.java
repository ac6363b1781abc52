package io.mahavishnu.routing.leastloaded;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.routing.CandidateSnapshot;
import io.mahavishnu.api.routing.RoutingRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastLoadedStrategyTest {

    private final LeastLoadedStrategy strategy = new LeastLoadedStrategy();
    private final RoutingRequest request = new RoutingRequest(Task.ofPrompt("x"), null);

    @Test
    void prefersThePoolWithLessWorkPerWorkerNotTheOneWithFewerWorkers() {
        // small: 1 worker, 1 task in flight (load 1.0); big: 8 workers, 2 in flight (load 0.25)
        List<CandidateSnapshot> pools = List.of(CandidateSnapshot.running("small", "mahavishnu", 1, 1),
                CandidateSnapshot.running("big", "mahavishnu", 2, 8));
        assertThat(strategy.select(request, pools).poolId()).isEqualTo("big");
        assertThat(strategy.select(request, pools).reason()).isEqualTo("least_loaded");
    }

    @Test
    void tiesGoToThePoolSpawnedFirst() {
        List<CandidateSnapshot> pools = List.of(CandidateSnapshot.running("a", "t", 1, 2),
                CandidateSnapshot.running("b", "t", 1, 2), CandidateSnapshot.running("c", "t", 3, 2));
        assertThat(strategy.select(request, pools).poolId()).isEqualTo("a");
    }

    @Test
    void aPoolWithoutCapacityIsNeverPreferredOverOneWithCapacity() {
        List<CandidateSnapshot> pools = List.of(CandidateSnapshot.running("empty", "t", 0, 0),
                CandidateSnapshot.running("busy", "t", 9, 10));
        assertThat(strategy.select(request, pools).poolId()).isEqualTo("busy");
    }

    @Test
    void withManyPoolsSamplingNeverPicksTheMostLoadedPool() {
        List<CandidateSnapshot> pools = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            pools.add(CandidateSnapshot.running("p" + i, "t", i, 10));
        }
        Map<String, Integer> hits = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            hits.merge(strategy.select(request, pools).poolId(), 1, Integer::sum);
        }
        // Two distinct samples: the single most loaded pool can never win a comparison.
        assertThat(hits).doesNotContainKey("p99");
        // Less loaded pools win more often than more loaded ones.
        assertThat(hits.getOrDefault("p0", 0)).isGreaterThan(hits.getOrDefault("p90", 0));
    }
}

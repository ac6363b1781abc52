package io.mahavishnu.routing.random;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.routing.CandidateSnapshot;
import io.mahavishnu.api.routing.RoutingRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomStrategyTest {

    @Test
    void choosesOnlyAmongCandidatesAndReachesEachOfThem() {
        RandomStrategy strategy = new RandomStrategy();
        RoutingRequest request = new RoutingRequest(Task.ofPrompt("x"), null);
        List<CandidateSnapshot> pools = List.of(CandidateSnapshot.running("a", "t", 0, 1),
                CandidateSnapshot.running("b", "t", 0, 1), CandidateSnapshot.running("c", "t", 0, 1));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            var d = strategy.select(request, pools);
            assertThat(d.reason()).isEqualTo("random");
            seen.add(d.poolId());
        }
        assertThat(seen).containsExactlyInAnyOrder("a", "b", "c");
    }
}

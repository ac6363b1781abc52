package io.mahavishnu.routing.roundrobin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.routing.CandidateSnapshot;
import io.mahavishnu.api.routing.RoutingDecision;
import io.mahavishnu.api.routing.RoutingRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRobinStrategyTest {

    private final RoundRobinStrategy strategy = new RoundRobinStrategy();
    private final RoutingRequest request = new RoutingRequest(Task.ofPrompt("x"), null);

    private static List<CandidateSnapshot> pools(String... ids) {
        List<CandidateSnapshot> out = new ArrayList<>();
        for (String id : ids) {
            out.add(CandidateSnapshot.running(id, "mahavishnu", 0, 1));
        }
        return out;
    }

    @Test
    void cyclesThroughPoolsInOrder() {
        List<CandidateSnapshot> pools = pools("p0", "p1", "p2");
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RoutingDecision d = strategy.select(request, pools);
            chosen.add(d.poolId());
            assertThat(d.reason()).isEqualTo("round_robin");
        }
        assertThat(chosen).containsExactly("p0", "p1", "p2", "p0", "p1", "p2");
    }

    @Test
    void keepsCyclingWhenThePoolListShrinks() {
        strategy.select(request, pools("p0", "p1", "p2"));
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chosen.add(strategy.select(request, pools("p0", "p2")).poolId());
        }
        assertThat(chosen).containsExactly("p2", "p0", "p2", "p0");
    }
}

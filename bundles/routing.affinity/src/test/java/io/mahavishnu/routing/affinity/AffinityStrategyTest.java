package io.mahavishnu.routing.affinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.ValidationException;
import io.mahavishnu.api.routing.CandidateSnapshot;
import io.mahavishnu.api.routing.RoutingDecision;
import io.mahavishnu.api.routing.RoutingRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AffinityStrategyTest {

    private final AffinityStrategy strategy = new AffinityStrategy();

    private RoutingDecision route(String key, List<CandidateSnapshot> pools) {
        return strategy.select(new RoutingRequest(Task.ofPrompt("x"), key), pools);
    }

    private static List<CandidateSnapshot> idlePools(int n) {
        List<CandidateSnapshot> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(CandidateSnapshot.running(String.format("mahavishnu_%012x", i), "mahavishnu", 0, 4));
        }
        return out;
    }

    @Test
    void aRunningPoolIdAsKeyRoutesToThatPool() {
        List<CandidateSnapshot> pools = idlePools(3);
        RoutingDecision d = route(pools.get(2).poolId(), pools);
        assertThat(d.poolId()).isEqualTo(pools.get(2).poolId());
        assertThat(d.reason()).isEqualTo("affinity");
    }

    @Test
    void aPoolIdThatIsGoneFallsBackToLeastLoadedAndSaysSo() {
        List<CandidateSnapshot> pools = List.of(CandidateSnapshot.running("mahavishnu_000000000001", "m", 3, 4),
                CandidateSnapshot.running("mahavishnu_000000000002", "m", 0, 4));
        RoutingDecision d = route("mahavishnu_0000000000ff", pools);
        assertThat(d.poolId()).isEqualTo("mahavishnu_000000000002");
        assertThat(d.reason()).isEqualTo("affinity_fallback_least_loaded");
    }

    @Test
    void theSameKeyAlwaysLandsOnTheSamePool() {
        List<CandidateSnapshot> pools = idlePools(5);
        String first = route("session-42", pools).poolId();
        for (int i = 0; i < 50; i++) {
            RoutingDecision d = route("session-42", pools);
            assertThat(d.poolId()).isEqualTo(first);
            assertThat(d.reason()).isEqualTo("affinity_hash");
        }
    }

    @Test
    void keysSpreadOverAllPools() {
        List<CandidateSnapshot> pools = idlePools(4);
        Map<String, Integer> hits = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            hits.merge(route("user-" + i, pools).poolId(), 1, Integer::sum);
        }
        assertThat(hits).hasSize(4);
        assertThat(hits.values()).allSatisfy(n -> assertThat(n).isBetween(500, 1500));
    }

    @Test
    void removingAPoolMovesOnlyTheKeysThatLivedOnIt() {
        List<CandidateSnapshot> five = idlePools(5);
        List<CandidateSnapshot> four = new ArrayList<>(five);
        CandidateSnapshot removed = four.remove(2);
        int moved = 0;
        for (int i = 0; i < 2000; i++) {
            String key = "k" + i;
            String before = route(key, five).poolId();
            String after = route(key, four).poolId();
            if (!before.equals(removed.poolId())) {
                assertThat(after).as("key %s", key).isEqualTo(before);
            } else {
                moved++;
            }
        }
        assertThat(moved).isPositive();
    }

    @Test
    void aSaturatedHomePoolAboveItsBoundSpillsToTheNextPoolOnTheRing() {
        List<CandidateSnapshot> idle = idlePools(3);
        String home = route("hot-key", idle).poolId();
        List<CandidateSnapshot> pools = new ArrayList<>();
        for (CandidateSnapshot p : idle) {
            // home is full (4 of 4 busy) and holds all the work: far above 1.25x its share
            pools.add(p.poolId().equals(home) ? CandidateSnapshot.running(home, "mahavishnu", 4, 4) : p);
        }
        RoutingDecision d = route("hot-key", pools);
        assertThat(d.poolId()).isNotEqualTo(home);
        assertThat(d.reason()).isEqualTo("affinity_spill");
    }

    @Test
    void aSaturatedHomePoolWithinItsFairShareKeepsTheKey() {
        List<CandidateSnapshot> idle = idlePools(3);
        String home = route("warm-key", idle).poolId();
        List<CandidateSnapshot> pools = new ArrayList<>();
        for (CandidateSnapshot p : idle) {
            pools.add(CandidateSnapshot.running(p.poolId(), "mahavishnu", 4, 4)); // all equally full
        }
        RoutingDecision d = route("warm-key", pools);
        assertThat(d.poolId()).isEqualTo(home);
        assertThat(d.reason()).isEqualTo("affinity_hash");
    }

    @Test
    void aMissingKeyIsAnErrorNamingTheField() {
        assertThatThrownBy(() -> route(null, idlePools(2)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("pool_affinity");
    }
}

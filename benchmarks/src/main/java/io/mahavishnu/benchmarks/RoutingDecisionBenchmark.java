package io.mahavishnu.benchmarks;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.routing.CandidateSnapshot;
import io.mahavishnu.api.routing.RoutingDecision;
import io.mahavishnu.api.routing.RoutingRequest;
import io.mahavishnu.api.routing.RoutingStrategy;
import io.mahavishnu.routing.affinity.AffinityStrategy;
import io.mahavishnu.routing.leastloaded.LeastLoadedStrategy;
import io.mahavishnu.routing.random.RandomStrategy;
import io.mahavishnu.routing.roundrobin.RoundRobinStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one routing decision per strategy over 10 … 10 000 running pools (candidates with random load). The
 * affinity strategy is asked with one of 1 000 session keys, so its hash ring is warm as in a live runtime.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime) // the mean, and the p50/p99 the scheduling target speaks of
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoutingDecisionBenchmark {

    @Param({"round_robin", "least_loaded", "random", "affinity"})
    public String strategy;

    @Param({"10", "100", "1000", "10000"})
    public int pools;

    private RoutingStrategy chosen;
    private List<CandidateSnapshot> candidates;
    private RoutingRequest[] requests;
    private int next;

    @Setup
    public void setUp() {
        chosen = switch (strategy) {
            case "round_robin" -> new RoundRobinStrategy();
            case "least_loaded" -> new LeastLoadedStrategy();
            case "random" -> new RandomStrategy();
            default -> new AffinityStrategy();
        };
        Random rnd = new Random(42);
        candidates = new ArrayList<>(pools);
        for (int i = 0; i < pools; i++) {
            candidates.add(CandidateSnapshot.running(String.format("mahavishnu_%012x", i), "mahavishnu",
                    rnd.nextInt(8), 4 + rnd.nextInt(8)));
        }
        candidates = List.copyOf(candidates);
        requests = new RoutingRequest[1024];
        Task task = Task.ofPrompt("x");
        for (int i = 0; i < requests.length; i++) {
            requests[i] = new RoutingRequest(task, "session-" + rnd.nextInt(1000));
        }
    }

    @Benchmark
    public RoutingDecision decide() {
        return chosen.select(requests[next++ & 1023], candidates);
    }
}

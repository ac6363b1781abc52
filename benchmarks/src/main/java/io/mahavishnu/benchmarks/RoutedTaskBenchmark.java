package io.mahavishnu.benchmarks;

import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.routing.RoundRobinPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Routed no-op tasks per second: 4 client threads each send a task and wait for its result. Mahavishnu routes
 * through the PoolManager (least_loaded) to 4 local pools of 4 {@code noop} workers; the baselines run the same
 * no-op on a {@code ThreadPoolExecutor} of 16 threads and on a Pekko {@code RoundRobinPool} of 16 routees.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class RoutedTaskBenchmark {

    private EmbeddedRuntime runtime;
    private PoolManager manager;
    private ExecutorService executor;
    private ActorSystem actors;
    private ActorRef router;
    private final Task task = Task.builder().prompt("noop").build();
    private final Callable<String> noop = () -> "noop";

    /** A routee that answers each message with itself: the same no-op as the others. */
    public static final class Echo extends AbstractActor {
        @Override
        public Receive createReceive() {
            return receiveBuilder().matchAny(m -> getSender().tell(m, getSelf())).build();
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        runtime = EmbeddedRuntime.start("core", null);
        manager = runtime.service(PoolManager.class);
        runtime.configure("io.mahavishnu.manager", "quota_requests", 0);
        for (int i = 0; i < 4; i++) {
            manager.spawn(PoolConfig.builder().name("bench" + i).workerType("noop").minWorkers(4).maxWorkers(4)
                    .build()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        executor = Executors.newFixedThreadPool(16);
        actors = ActorSystem.create("bench");
        router = actors.actorOf(new RoundRobinPool(16).props(Props.create(Echo.class)), "router");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        executor.shutdownNow();
        actors.terminate();
        actors.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        runtime.close();
    }

    @Benchmark
    public TaskResult mahavishnuRouted() {
        return manager.route(Task.builder().prompt("noop").build(), RouteOptions.DEFAULT).toCompletableFuture()
                .join();
    }

    @Benchmark
    public String threadPoolExecutor() throws Exception {
        return executor.submit(noop).get();
    }

    @Benchmark
    public Object pekkoRoundRobinPool() {
        return Patterns.ask(router, task, Duration.ofSeconds(10)).toCompletableFuture().join();
    }
}

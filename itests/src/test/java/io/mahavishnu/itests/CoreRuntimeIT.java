package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/** The core runtime through the PoolManager service, with local pools of in-JVM noop workers. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CoreRuntimeIT extends RuntimeTestSupport {

    @After
    public void closeAll() throws Exception {
        await(manager().closeAll());
    }

    private PoolInfo noopPool(String name, int workers) throws Exception {
        return await(manager().spawn(PoolConfig.builder().name(name).workerType("noop")
                .minWorkers(workers).maxWorkers(Math.max(workers, 4)).build()));
    }

    @Test
    public void spawnExecuteRouteAndCloseALocalPool() throws Exception {
        PoolManager manager = manager();
        assertThat(manager.poolTypes()).contains("mahavishnu");
        assertThat(manager.strategies()).contains("least_loaded", "round_robin", "random", "affinity");

        PoolInfo pool = noopPool("first", 2);
        assertThat(pool.poolId()).matches("mahavishnu_[0-9a-f]{12}");
        assertThat(pool.status()).isEqualTo(PoolStatus.RUNNING);
        assertThat(pool.workers()).isEqualTo(2);

        TaskResult executed = await(manager.execute(pool.poolId(), Task.ofPrompt("hello")));
        assertThat(executed.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(executed.output()).isEqualTo("hello");
        assertThat(executed.workerId()).startsWith(pool.poolId() + "-w");

        TaskResult routed = await(manager.route(Task.ofPrompt("routed"), RouteOptions.DEFAULT));
        assertThat(routed.poolId()).isEqualTo(pool.poolId());
        assertThat(routed.route().strategy()).isEqualTo("least_loaded");

        await(manager.close(pool.poolId()));
        assertThat(manager.get(pool.poolId())).isEmpty();
        assertThat(failure(manager.close(pool.poolId()))).isInstanceOf(PoolManagerException.class)
                .hasMessageContaining("Pool not found: " + pool.poolId());
    }

    @Test
    public void roundRobinVisitsThePoolsInSpawnOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(noopPool("p" + i, 1).poolId());
        }
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            chosen.add(await(manager().route(Task.ofPrompt("rr"), RouteOptions.strategy("round_robin"))).poolId());
        }
        int offset = ids.indexOf(chosen.get(0));
        for (int i = 0; i < 6; i++) {
            assertThat(chosen.get(i)).isEqualTo(ids.get((offset + i) % 3));
        }
    }

    @Test
    public void leastLoadedPrefersThePoolWithLessWorkInFlight() throws Exception {
        PoolInfo busy = noopPool("busy", 2);
        PoolInfo idle = noopPool("idle", 2);
        List<CompletionStage<TaskResult>> holding = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            holding.add(manager().execute(busy.poolId(),
                    Task.builder().prompt("hold").attribute("delay_ms", "60000").build()));
        }
        for (int i = 0; i < 5; i++) {
            TaskResult r = await(manager().route(Task.ofPrompt("light"), RouteOptions.strategy("least_loaded")));
            assertThat(r.poolId()).isEqualTo(idle.poolId());
        }
        holding.forEach(h -> h.toCompletableFuture().cancel(true));
    }

    @Test
    public void affinitySticksToAPoolAndSaysWhenItFallsBack() throws Exception {
        PoolInfo a = noopPool("a", 1);
        PoolInfo b = noopPool("b", 1);
        TaskResult named = await(manager().route(Task.ofPrompt("x"), RouteOptions.affinity(b.poolId())));
        assertThat(named.poolId()).isEqualTo(b.poolId());
        assertThat(named.route().reason()).isEqualTo("affinity");

        String home = await(manager().route(Task.ofPrompt("x"), RouteOptions.affinity("session-42"))).poolId();
        for (int i = 0; i < 5; i++) {
            assertThat(await(manager().route(Task.ofPrompt("x"), RouteOptions.affinity("session-42"))).poolId())
                    .isEqualTo(home);
        }

        await(manager().close(b.poolId()));
        TaskResult fallback = await(manager().route(Task.ofPrompt("x"), RouteOptions.affinity(b.poolId())));
        assertThat(fallback.poolId()).isEqualTo(a.poolId());
        assertThat(fallback.route().reason()).isEqualTo("affinity_fallback_least_loaded");
    }

    @Test
    public void anUnknownStrategyOrPoolTypeIsAnErrorListingWhatExists() throws Exception {
        noopPool("x", 1);
        assertThat(failure(manager().route(Task.ofPrompt("x"), RouteOptions.strategy("fastest"))))
                .hasMessageContaining("Unknown routing strategy: fastest")
                .hasMessageContaining("least_loaded");
        assertThat(failure(manager().spawn(PoolConfig.builder().poolType("gpu").build())))
                .hasMessageContaining("Unknown pool type: gpu").hasMessageContaining("mahavishnu");
    }

    @Test
    public void poolsAreRestoredWhenTheManagerAndConfigurationStoreRestart() throws Exception {
        PoolInfo kept = await(manager().spawn(PoolConfig.builder().name("kept").workerType("noop").minWorkers(1)
                .maxWorkers(5).build()));
        await(manager().scale(kept.poolId(), 3));

        installed("io.mahavishnu.manager").stop();
        installed("org.apache.felix.configadmin").stop();
        installed("org.apache.felix.configadmin").start();
        installed("io.mahavishnu.manager").start();

        awaitRunning(kept.poolId());
        PoolInfo back = manager().get(kept.poolId()).orElseThrow();
        assertThat(back.name()).isEqualTo("kept");
        assertThat(back.workers()).isEqualTo(3);
        assertThat(await(manager().execute(kept.poolId(), Task.ofPrompt("still here"))).output())
                .isEqualTo("still here");
    }

    @Test
    public void theDefaultStrategyChosenAtRuntimeIsSavedInTheConfiguration() throws Exception {
        noopPool("x", 1);
        manager().setDefaultStrategy("round_robin");
        assertThat(await(manager().route(Task.ofPrompt("x"), RouteOptions.DEFAULT)).route().strategy())
                .isEqualTo("round_robin");
        assertThat(service(ConfigurationAdmin.class).getConfiguration("io.mahavishnu.manager", "?").getProperties()
                .get("pool_routing_strategy")).isEqualTo("round_robin");
        manager().setDefaultStrategy("least_loaded");
    }

    static Throwable failure(CompletionStage<?> stage) throws Exception {
        try {
            await(stage);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }
}

package io.mahavishnu.manager.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.manager.PoolFederation;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.manager.RemotePool;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.routing.RoutingDecision;
import io.mahavishnu.api.routing.RoutingStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FederationTest {

    /** Chooses the last candidate: remote pools come after local ones. */
    private static final RoutingStrategy LAST = (req, c) -> new RoutingDecision(c.get(c.size() - 1).poolId(), "last");

    private final FakeProvider fake = new FakeProvider("fake");
    private final RemoteRuntime runtimeB = new RemoteRuntime();
    private PoolManagerImpl manager;

    /** Runtime B as the federation sees it: one pool, tasks answered at once unless B is down. */
    static final class RemoteRuntime implements PoolFederation {
        volatile boolean down;
        final List<Task> received = new CopyOnWriteArrayList<>();
        final RemotePool pool = new RemotePool("runtime-b", "mahavishnu_00000000000b", "mahavishnu", "remote-pool",
                "noop", PoolStatus.RUNNING, 4, 0, 0, 2.0, HealthStatus.HEALTHY, 1, 4);

        @Override
        public String runtimeId() {
            return "runtime-a";
        }

        @Override
        public List<RemotePool> remotePools() {
            return List.of(pool);
        }

        @Override
        public CompletionStage<TaskResult> delegate(RemotePool target, Task task) {
            received.add(task);
            if (down) {
                return CompletableFuture.failedFuture(new IllegalStateException("stopped heartbeating"));
            }
            return CompletableFuture.completedFuture(new TaskResult(task.id(), target.poolId(), "b-w1",
                    TaskStatus.COMPLETED, "ran on B", null, Duration.ofMillis(3), false, null, null,
                    Map.of("runtime_id", target.runtimeId())));
        }
    }

    private void start(Federation.Mode mode) throws Exception {
        Settings s = Settings.DEFAULTS.withDefaultStrategy("last");
        s = new Settings(s.defaultStrategy(), s.strategyGrace(), s.stopTimeout(), s.healthTimeout(), s.routing(),
                s.autoscalePolicy(), s.autoscaleInterval(), s.quota(), s.allowlist(), mode);
        manager = new PoolManagerImpl(new MemoryPoolStore(), new ServicePublisher(null), s);
        manager.bindRoutingStrategy(LAST, Map.of(RoutingStrategy.STRATEGY, "last"));
        manager.bindPoolProvider(fake, fake.props());
        manager.bindPoolFederation(runtimeB);
        manager.awaitRestores();
    }

    @AfterEach
    void stop() {
        manager.deactivate();
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void remotePoolsAreListedWithTheirRuntimeAndInHealth() throws Exception {
        start(Federation.Mode.GLOBAL);
        await(manager.spawn(PoolConfig.builder().poolType("fake").build()));
        List<PoolInfo> pools = manager.list();
        assertThat(pools).hasSize(2);
        PoolInfo remote = pools.get(1);
        assertThat(remote.runtimeId()).isEqualTo("runtime-b");
        assertThat(remote.remote()).isTrue();
        assertThat(remote.name()).isEqualTo("remote-pool");
        assertThat(pools.get(0).remote()).isFalse();
        assertThat(await(manager.health()).pools()).extracting(h -> h.details().get("runtime_id"))
                .contains("runtime-b");
    }

    @Test
    void aTaskForARemotePoolIdIsDelegatedAndComesBackAsIfLocal() throws Exception {
        start(Federation.Mode.GLOBAL);
        TaskResult r = await(manager.execute(runtimeB.pool.poolId(), Task.ofPrompt("over there")));
        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(r.output()).isEqualTo("ran on B");
        assertThat(r.metadata()).containsEntry("runtime_id", "runtime-b");
    }

    @Test
    void globalRoutingOffersRemotePools() throws Exception {
        start(Federation.Mode.GLOBAL);
        await(manager.spawn(PoolConfig.builder().poolType("fake").build()));
        TaskResult r = await(manager.route(Task.ofPrompt("x"), RouteOptions.DEFAULT));
        assertThat(r.poolId()).isEqualTo(runtimeB.pool.poolId());
        assertThat(r.route().reason()).isEqualTo("last");
    }

    @Test
    void preferLocalUsesTheLocalPoolWhileItHasAnIdleWorker() throws Exception {
        start(Federation.Mode.PREFER_LOCAL);
        PoolInfo local = await(manager.spawn(PoolConfig.builder().poolType("fake").minWorkers(1).build()));
        assertThat(await(manager.route(Task.ofPrompt("x"), RouteOptions.DEFAULT)).poolId()).isEqualTo(local.poolId());
        manager.execute(local.poolId(), Task.ofPrompt("hold")); // its only worker is now busy
        assertThat(await(manager.route(Task.ofPrompt("x"), RouteOptions.DEFAULT)).poolId())
                .isEqualTo(runtimeB.pool.poolId());
    }

    @Test
    void localOnlyNeverRoutesToAnotherRuntime() throws Exception {
        start(Federation.Mode.LOCAL_ONLY);
        PoolInfo local = await(manager.spawn(PoolConfig.builder().poolType("fake").minWorkers(1).build()));
        manager.execute(local.poolId(), Task.ofPrompt("hold"));
        assertThat(await(manager.route(Task.ofPrompt("x"), RouteOptions.DEFAULT)).poolId()).isEqualTo(local.poolId());
        assertThat(runtimeB.received).isEmpty();
    }

    @Test
    void aRuntimeThatStoppedAnsweringFailsTheTaskNamingItAndIdempotentTasksGoElsewhere() throws Exception {
        start(Federation.Mode.GLOBAL);
        PoolInfo local = await(manager.spawn(PoolConfig.builder().poolType("fake").build()));
        runtimeB.down = true;
        TaskResult once = await(manager.route(Task.ofPrompt("x"), RouteOptions.DEFAULT));
        assertThat(once.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(once.error()).contains("runtime runtime-b").contains("stopped heartbeating");
        TaskResult retried = await(manager.route(Task.builder().prompt("x").idempotent(true).build(),
                RouteOptions.DEFAULT));
        assertThat(retried.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(retried.poolId()).isEqualTo(local.poolId());
        assertThat(retried.route().attempts()).isEqualTo(2);
    }

    @Test
    void aRemotePoolThatKeepsFailingIsEjectedFromRoutingLikeALocalOne() throws Exception {
        start(Federation.Mode.GLOBAL);
        PoolInfo local = await(manager.spawn(PoolConfig.builder().poolType("fake").build()));
        runtimeB.down = true;
        for (int i = 0; i < 5; i++) {
            assertThat(await(manager.route(Task.ofPrompt("x"), RouteOptions.DEFAULT)).poolId())
                    .isEqualTo(runtimeB.pool.poolId());
        }
        assertThat(manager.ejectedPools()).containsExactly(runtimeB.pool.poolId());
        TaskResult r = await(manager.route(Task.ofPrompt("x"), RouteOptions.DEFAULT));
        assertThat(r.poolId()).isEqualTo(local.poolId());
        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(manager.list()).extracting(PoolInfo::poolId).contains(runtimeB.pool.poolId());
    }

    @Test
    void whenEveryLocalPoolIsEjectedAHealthyRemotePoolGoesFirst() throws Exception {
        start(Federation.Mode.PREFER_LOCAL);
        PoolInfo local = await(manager.spawn(PoolConfig.builder().poolType("fake").build()));
        fake.created.get(0).failAll = true;
        for (int i = 0; i < 5; i++) {
            await(manager.execute(local.poolId(), Task.ofPrompt("x")));
        }
        assertThat(manager.ejectedPools()).containsExactly(local.poolId());
        TaskResult r = await(manager.route(Task.ofPrompt("x"), RouteOptions.DEFAULT));
        assertThat(r.poolId()).isEqualTo(runtimeB.pool.poolId());
        assertThat(r.route().reason()).isEqualTo("last");
    }

    @Test
    void aRemotePoolIsManagedByItsOwnRuntime() throws Exception {
        start(Federation.Mode.GLOBAL);
        for (CompletionStage<?> op : List.of(manager.scale(runtimeB.pool.poolId(), 2),
                manager.close(runtimeB.pool.poolId()))) {
            try {
                await(op);
                throw new AssertionError("must fail");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(PoolManagerException.class)
                        .hasMessageContaining("runs in runtime runtime-b");
            }
        }
    }
}

package io.mahavishnu.manager.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.manager.ManagerHealth;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.pool.ValidationException;
import io.mahavishnu.api.routing.RoutingDecision;
import io.mahavishnu.api.routing.RoutingStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PoolManagerImplTest {

    private static final RoutingStrategy FIRST = (req, candidates) ->
            new RoutingDecision(candidates.get(0).poolId(), "first");
    private static final RoutingStrategy LAST = (req, candidates) ->
            new RoutingDecision(candidates.get(candidates.size() - 1).poolId(), "last");

    private final MemoryPoolStore store = new MemoryPoolStore();
    private final RecordingBus bus = new RecordingBus();
    private final FakeProvider fake = new FakeProvider("fake");
    private final List<PoolManagerImpl> managers = new ArrayList<>();
    private PoolManagerImpl manager;

    @BeforeEach
    void setUp() throws Exception {
        manager = newManager("first");
    }

    @AfterEach
    void tearDown() {
        managers.forEach(PoolManagerImpl::deactivate);
    }

    private PoolManagerImpl newManager(String defaultStrategy) throws Exception {
        PoolManagerImpl m = new PoolManagerImpl(store, new ServicePublisher(null),
                new Settings(defaultStrategy, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(2),
                        Settings.RoutingPolicy.DEFAULTS, "utilization", Duration.ofSeconds(15),
                        Settings.Quota.DEFAULTS, AffinityAllowlist.ALL, Federation.Mode.PREFER_LOCAL));
        m.bindMessageBus(bus);
        m.bindRoutingStrategy(FIRST, Map.of(RoutingStrategy.STRATEGY, "first"));
        m.bindPoolProvider(fake, fake.props());
        m.awaitRestores();
        managers.add(m);
        return m;
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private PoolInfo spawn(String name) throws Exception {
        return await(manager.spawn(PoolConfig.builder().poolType("fake").name(name).minWorkers(2).build()));
    }

    @Test
    void spawnGivesAUniqueTypedIdPersistsThePoolAndAnnouncesIt() throws Exception {
        PoolInfo a = spawn("a");
        PoolInfo b = spawn("b");
        assertThat(a.poolId()).matches("fake_[0-9a-f]{12}").isNotEqualTo(b.poolId());
        assertThat(a.status()).isEqualTo(PoolStatus.RUNNING);
        assertThat(a.workers()).isEqualTo(2);
        assertThat(store.entries).containsKeys(a.poolId(), b.poolId());
        Message created = bus.ofType(MessageType.POOL_CREATED).get(0);
        assertThat(created.payload()).containsEntry("pool_id", a.poolId()).containsEntry("pool_type", "fake");
        assertThat(manager.list()).extracting(PoolInfo::poolId).containsExactly(a.poolId(), b.poolId());
    }

    @Test
    void unknownPoolTypeIsAnErrorListingTheDeployedTypes() {
        Throwable e = failure(manager.spawn(PoolConfig.builder().poolType("nope").build()));
        assertThat(e).isInstanceOf(PoolManagerException.class)
                .hasMessageContaining("Unknown pool type: nope").hasMessageContaining("available: fake");
        assertThat(((PoolManagerException) e).code()).isEqualTo(PoolManagerException.UNKNOWN_POOL_TYPE);
    }

    @Test
    void aPoolThatFailsToStartIsNotKept() {
        fake.failStart = true;
        Throwable e = failure(manager.spawn(PoolConfig.builder().poolType("fake").build()));
        assertThat(e).hasMessageContaining("failed to start").hasMessageContaining("cannot start: no workers");
        assertThat(manager.list()).isEmpty();
        assertThat(store.entries).isEmpty();
    }

    @Test
    void executeRunsOnThePoolCountsAndAnnouncesTheResult() throws Exception {
        PoolInfo p = spawn("a");
        TaskResult r = await(manager.execute(p.poolId(), Task.ofPrompt("hello")));
        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(r.output()).isEqualTo("hello");
        assertThat(r.route()).isNull();
        assertThat(manager.get(p.poolId()).orElseThrow().metrics().tasksCompleted()).isEqualTo(1);
        Message done = bus.ofType(MessageType.TASK_COMPLETED).get(0);
        assertThat(done.sourcePoolId()).isEqualTo(p.poolId());
        assertThat(((Map<?, ?>) done.payload().get("result")).get("status")).isEqualTo("completed");
    }

    @Test
    void unknownPoolIdIsAnErrorForExecuteScaleAndClose() {
        for (CompletionStage<?> op : List.of(manager.execute("fake_000000000000", Task.ofPrompt("x")),
                manager.scale("fake_000000000000", 2), manager.close("fake_000000000000"))) {
            Throwable e = failure(op);
            assertThat(e).isInstanceOf(PoolManagerException.class).hasMessageContaining("fake_000000000000");
            assertThat(((PoolManagerException) e).code()).isEqualTo(PoolManagerException.POOL_NOT_FOUND);
        }
    }

    @Test
    void aPoolThatThrowsProducesAFailedResultNotALostTask() throws Exception {
        PoolInfo p = spawn("a");
        TaskResult r = await(manager.execute(p.poolId(), Task.ofPrompt("boom")));
        assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(r.error()).contains("worker exploded");
        PoolInfo after = manager.get(p.poolId()).orElseThrow();
        assertThat(after.metrics().tasksFailed()).isEqualTo(1);
        assertThat(after.metrics().inFlight()).isZero();
    }

    @Test
    void routeUsesTheStrategyAndReportsItInTheResult() throws Exception {
        PoolInfo a = spawn("a");
        spawn("b");
        TaskResult r = await(manager.route(Task.ofPrompt("hi"), RouteOptions.DEFAULT));
        assertThat(r.poolId()).isEqualTo(a.poolId());
        assertThat(r.route()).isEqualTo(new TaskResult.RouteInfo("first", "first", 1));
        assertThat(manager.routingDecisions()).containsEntry("first/first", 1L);
        assertThat(manager.routingStats().decisions()).containsEntry("first", java.util.Map.of("first", 1L));
        assertThat(manager.routingStats().unroutable()).isZero();
    }

    @Test
    void routeWithoutPoolsOrWithAnUnknownStrategyIsAClearError() throws Exception {
        Throwable none = failure(manager.route(Task.ofPrompt("x"), RouteOptions.DEFAULT));
        assertThat(none).hasMessageContaining("No pools available for routing");
        spawn("a");
        Throwable unknown = failure(manager.route(Task.ofPrompt("x"), RouteOptions.strategy("fastest")));
        assertThat(unknown).hasMessageContaining("Unknown routing strategy: fastest").hasMessageContaining("first");
        assertThatThrownBy(() -> manager.setDefaultStrategy("fastest"))
                .isInstanceOf(PoolManagerException.class).hasMessageContaining("available: first");
    }

    @Test
    void anUnknownDefaultStrategyFailsRoutesNamingTheSettingButTheManagerKeepsWorking() throws Exception {
        PoolManagerImpl m = newManager("no_such_strategy");
        PoolInfo p = await(m.spawn(PoolConfig.builder().poolType("fake").build()));
        Throwable e = failure(m.route(Task.ofPrompt("x"), RouteOptions.DEFAULT));
        assertThat(e).hasMessageContaining("no_such_strategy").hasMessageContaining("pool_routing_strategy");
        assertThat(await(m.execute(p.poolId(), Task.ofPrompt("x"))).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void stoppedPoolsAreNotRouted() throws Exception {
        PoolInfo a = spawn("a");
        PoolInfo b = spawn("b");
        fake.created.get(0).status = PoolStatus.STOPPED;
        manager.bindRoutingStrategy(LAST, Map.of(RoutingStrategy.STRATEGY, "last"));
        fake.created.get(0).context.stateChanged();
        TaskResult r = await(manager.route(Task.ofPrompt("x"), RouteOptions.DEFAULT));
        assertThat(r.poolId()).isEqualTo(b.poolId());
        assertThat(a.poolId()).isNotEqualTo(b.poolId());
    }

    @Test
    void switchingTheDefaultStrategyChangesTheChoiceForNewTasks() throws Exception {
        PoolInfo a = spawn("a");
        PoolInfo b = spawn("b");
        manager.bindRoutingStrategy(LAST, Map.of(RoutingStrategy.STRATEGY, "last"));
        assertThat(await(manager.route(Task.ofPrompt("x"), RouteOptions.DEFAULT)).poolId()).isEqualTo(a.poolId());
        manager.setDefaultStrategy("last");
        assertThat(manager.defaultStrategy()).isEqualTo("last");
        assertThat(await(manager.route(Task.ofPrompt("x"), RouteOptions.DEFAULT)).poolId()).isEqualTo(b.poolId());
        assertThat(manager.strategies()).containsExactly("first", "last");
    }

    @Test
    void aStrategyBeingRedeployedIsWaitedForInsteadOfFailingTheTask() throws Exception {
        spawn("a");
        manager.unbindRoutingStrategy(FIRST, Map.of(RoutingStrategy.STRATEGY, "first"));
        CompletableFuture<TaskResult> routed = CompletableFuture.supplyAsync(() -> manager
                .route(Task.ofPrompt("x"), RouteOptions.DEFAULT).toCompletableFuture().join());
        manager.bindRoutingStrategy(FIRST, Map.of(RoutingStrategy.STRATEGY, "first"));
        assertThat(await(routed).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void inFlightTasksSurviveAStrategySwap() throws Exception {
        PoolInfo p = spawn("a");
        CompletionStage<TaskResult> held = manager.route(Task.ofPrompt("hold"), RouteOptions.DEFAULT);
        manager.unbindRoutingStrategy(FIRST, Map.of(RoutingStrategy.STRATEGY, "first"));
        manager.bindRoutingStrategy(LAST, Map.of(RoutingStrategy.STRATEGY, "last"));
        manager.setDefaultStrategy("last");
        fake.last().releaseAll(TaskStatus.COMPLETED);
        TaskResult r = await(held);
        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(r.route().strategy()).isEqualTo("first");
        assertThat(manager.get(p.poolId()).orElseThrow().metrics().tasksCompleted()).isEqualTo(1);
    }

    @Test
    void cancelByTaskIdEndsTheTaskAsCancelled() throws Exception {
        PoolInfo p = spawn("a");
        Task task = Task.builder().prompt("hold").build();
        CompletionStage<TaskResult> running = manager.execute(p.poolId(), task);
        assertThat(manager.cancel(task.id())).isTrue();
        TaskResult r = await(running);
        assertThat(r.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(manager.cancel(task.id())).isFalse();
        assertThat(manager.cancel("t-unknown")).isFalse();
    }

    @Test
    void aTaskIdCannotBeInFlightTwice() throws Exception {
        PoolInfo p = spawn("a");
        Task task = Task.builder().prompt("hold").build();
        manager.execute(p.poolId(), task);
        Throwable e = failure(manager.execute(p.poolId(), task));
        assertThat(e).isInstanceOf(ValidationException.class).hasMessageContaining("task_id");
    }

    @Test
    void batchReturnsAResultForEveryTaskKeyedByIndexWithProgress() throws Exception {
        PoolInfo p = spawn("a");
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tasks.add(Task.ofPrompt("t" + i));
        }
        List<Integer> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<String, TaskResult> results = await(manager.executeBatch(p.poolId(), tasks,
                (key, r, done, total) -> progress.add(done)));
        assertThat(results).containsOnlyKeys("0", "1", "2", "3", "4");
        assertThat(results.get("3").output()).isEqualTo("t3");
        assertThat(progress).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }

    @Test
    void cancellingABatchCancelsItsRunningTasks() throws Exception {
        PoolInfo p = spawn("a");
        CompletableFuture<Map<String, TaskResult>> batch = manager.executeBatch(p.poolId(),
                List.of(Task.ofPrompt("hold"), Task.ofPrompt("hold")), null).toCompletableFuture();
        batch.cancel(true);
        for (CompletableFuture<TaskResult> f : fake.last().held) {
            assertThat(f).isCancelled();
        }
        assertThat(manager.get(p.poolId()).orElseThrow().metrics().inFlight()).isZero();
    }

    @Test
    void scaleIsValidatedAppliedAndPersisted() throws Exception {
        PoolInfo p = await(manager.spawn(PoolConfig.builder().poolType("fake").minWorkers(1).maxWorkers(4).build()));
        PoolInfo scaled = await(manager.scale(p.poolId(), 3));
        assertThat(scaled.workers()).isEqualTo(3);
        assertThat(store.entries.get(p.poolId()).workers()).isEqualTo(3);
        Throwable e = failure(manager.scale(p.poolId(), 9));
        assertThat(e).isInstanceOf(ValidationException.class).hasMessageContaining("target_workers")
                .hasMessageContaining("max_workers=4").hasMessageContaining("9");
    }

    @Test
    void closeStopsForgetsAndAnnouncesThePool() throws Exception {
        PoolInfo p = spawn("a");
        await(manager.close(p.poolId()));
        assertThat(fake.last().stops).isEqualTo(1);
        assertThat(manager.list()).isEmpty();
        assertThat(store.entries).isEmpty();
        assertThat(bus.ofType(MessageType.POOL_CLOSED)).extracting(Message::sourcePoolId).containsExactly(p.poolId());
        assertThat(bus.removedQueues).containsExactly(p.poolId());
        assertThat(failure(manager.close(p.poolId()))).isInstanceOf(PoolManagerException.class);
    }

    @Test
    void closeAllClosesEveryPoolAndCountsThem() throws Exception {
        spawn("a");
        spawn("b");
        spawn("c");
        assertThat(await(manager.closeAll())).isEqualTo(3);
        assertThat(manager.list()).isEmpty();
    }

    @Test
    void poolsComeBackAfterARestartWithTheirSize() throws Exception {
        PoolInfo p = await(manager.spawn(PoolConfig.builder().poolType("fake").name("keep").maxWorkers(5).build()));
        await(manager.scale(p.poolId(), 4));
        manager.deactivate();
        managers.remove(manager);

        PoolManagerImpl restarted = newManager("first");
        PoolInfo back = restarted.get(p.poolId()).orElseThrow();
        assertThat(back.status()).isEqualTo(PoolStatus.RUNNING);
        assertThat(back.name()).isEqualTo("keep");
        assertThat(back.workers()).isEqualTo(4);
        PoolInfo next = await(restarted.spawn(PoolConfig.builder().poolType("fake").name("after").build()));
        assertThat(restarted.list()).extracting(PoolInfo::poolId).containsExactly(p.poolId(), next.poolId());
    }

    @Test
    void poolsOfAnUndeployedTypeWaitAsPendingAndReturnWithTheirType() throws Exception {
        PoolInfo p = spawn("a");
        CompletionStage<TaskResult> held = manager.execute(p.poolId(), Task.ofPrompt("hold"));
        manager.unbindPoolProvider(fake, fake.props());

        TaskResult cancelled = await(held);
        assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(cancelled.error()).contains("pool type 'fake' was undeployed");
        PoolInfo waiting = manager.get(p.poolId()).orElseThrow();
        assertThat(waiting.status()).isEqualTo(PoolStatus.PENDING);
        assertThat(waiting.available()).isFalse();
        assertThat(store.entries).containsKey(p.poolId());
        Throwable e = failure(manager.execute(p.poolId(), Task.ofPrompt("x")));
        assertThat(e).hasMessageContaining("not deployed");
        assertThat(manager.poolTypes()).isEmpty();

        manager.bindPoolProvider(fake, fake.props());
        manager.awaitRestores();
        assertThat(manager.get(p.poolId()).orElseThrow().status()).isEqualTo(PoolStatus.RUNNING);
        assertThat(await(manager.execute(p.poolId(), Task.ofPrompt("back"))).output()).isEqualTo("back");
    }

    @Test
    void healthUsesEachPoolsOwnCheck() throws Exception {
        spawn("a");
        spawn("b");
        ManagerHealth ok = await(manager.health());
        assertThat(ok.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(ok.poolsActive()).isEqualTo(2);
        fake.created.get(0).healthStatus = HealthStatus.UNHEALTHY;
        assertThat(await(manager.health()).status()).isEqualTo(HealthStatus.DEGRADED);
        fake.created.get(1).healthStatus = HealthStatus.UNHEALTHY;
        assertThat(await(manager.health()).status()).isEqualTo(HealthStatus.UNHEALTHY);
    }

    @Test
    void noPoolsIsHealthy() throws Exception {
        assertThat(await(manager.health()).status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void aggregateResultsCoversRequestedPoolsAndRejectsUnknownIds() throws Exception {
        PoolInfo a = spawn("a");
        spawn("b");
        assertThat(await(manager.aggregateResults(List.of()))).hasSize(2);
        assertThat(await(manager.aggregateResults(List.of(a.poolId())))).containsOnlyKeys(a.poolId());
        assertThat(failure(manager.aggregateResults(List.of("fake_ffffffffffff"))))
                .hasMessageContaining("fake_ffffffffffff");
    }

    @Test
    void listenersSeeThePoolsAndTasksLifeInOrder() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<io.mahavishnu.api.manager.PoolEvent> seen =
                new java.util.concurrent.LinkedBlockingQueue<>();
        manager.bindPoolEventListener(seen::add);
        PoolInfo p = await(manager.spawn(PoolConfig.builder().poolType("fake").maxWorkers(4).build()));
        await(manager.route(Task.ofPrompt("hi"), RouteOptions.DEFAULT));
        await(manager.scale(p.poolId(), 3));
        await(manager.close(p.poolId()));

        List<io.mahavishnu.api.manager.PoolEvent> events = new ArrayList<>();
        while (events.size() < 5) {
            io.mahavishnu.api.manager.PoolEvent e = seen.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("event %d", events.size()).isNotNull();
            if (!e.type().equals(io.mahavishnu.api.manager.PoolEvent.POOL_STATUS_CHANGED)) {
                events.add(e);
            }
        }
        assertThat(events).extracting(io.mahavishnu.api.manager.PoolEvent::type).containsExactly(
                "pool.spawned", "task.assigned", "task.completed", "pool.scaled", "pool.closed");
        assertThat(events.get(1).data()).containsEntry("strategy", "first");
        assertThat(events.get(2).data()).containsEntry("status", "completed");
        assertThat(events.get(3).data()).containsEntry("from", 1).containsEntry("to", 3);
        assertThat(events).extracting(io.mahavishnu.api.manager.PoolEvent::seq).isSorted();
    }
}

package io.mahavishnu.manager.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.routing.RoutingDecision;
import io.mahavishnu.api.routing.RoutingStrategy;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries of routed tasks through the manager: who is retried, where, and within which budget. */
class RouterTest {

    private static final RoutingStrategy FIRST = (req, candidates) ->
            new RoutingDecision(candidates.get(0).poolId(), "first");

    private final FakeProvider fake = new FakeProvider("fake");
    private PoolManagerImpl manager;

    /** Stands in for the affinity strategy: the pool named by the key, else the first. */
    private static final RoutingStrategy NAMED = (req, candidates) -> new RoutingDecision(candidates.stream()
            .map(c -> c.poolId()).filter(id -> id.equals(req.affinityKey())).findFirst()
            .orElse(candidates.get(0).poolId()), "affinity");

    private void start(Settings.RoutingPolicy policy) throws Exception {
        start(Settings.DEFAULTS.withDefaultStrategy("first").withRouting(policy));
    }

    private void start(Settings settings) throws Exception {
        manager = new PoolManagerImpl(new MemoryPoolStore(), new ServicePublisher(null), settings);
        manager.bindRoutingStrategy(FIRST, Map.of(RoutingStrategy.STRATEGY, "first"));
        manager.bindRoutingStrategy(NAMED, Map.of(RoutingStrategy.STRATEGY, "affinity"));
        manager.bindPoolProvider(fake, fake.props());
        manager.awaitRestores();
    }

    @AfterEach
    void stop() {
        manager.deactivate();
    }

    private PoolInfo spawn() throws Exception {
        return spawn("default");
    }

    private PoolInfo spawn(String name) throws Exception {
        return await(manager.spawn(PoolConfig.builder().poolType("fake").name(name).build()));
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Settings.RoutingPolicy budget(int min, double ratio) {
        Settings.RoutingPolicy d = Settings.RoutingPolicy.DEFAULTS;
        return new Settings.RoutingPolicy(d.ejectAfterFailures(), d.baseEjection(), d.maxEjection(),
                d.maxEjectionPercent(), d.slowStartWindow(), ratio, min, d.maxAttempts());
    }

    @Test
    void anIdempotentTaskThatFailsIsRetriedOnAnotherPool() throws Exception {
        start(Settings.RoutingPolicy.DEFAULTS);
        PoolInfo broken = spawn();
        PoolInfo good = spawn();
        fake.created.get(0).failAll = true;

        TaskResult r = await(manager.route(Task.builder().prompt("again").idempotent(true).build(),
                RouteOptions.DEFAULT));

        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(r.poolId()).isEqualTo(good.poolId());
        assertThat(r.route().attempts()).isEqualTo(2);
        assertThat(manager.get(broken.poolId()).orElseThrow().metrics().tasksFailed()).isEqualTo(1);
        assertThat(manager.retryCounts()[0]).isEqualTo(1);
    }

    @Test
    void aTaskThatIsNotIdempotentIsNeverRetriedAfterItRan() throws Exception {
        start(Settings.RoutingPolicy.DEFAULTS);
        PoolInfo broken = spawn();
        spawn();
        fake.created.get(0).failAll = true;

        TaskResult r = await(manager.route(Task.ofPrompt("once"), RouteOptions.DEFAULT));

        assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(r.poolId()).isEqualTo(broken.poolId());
        assertThat(r.route().attempts()).isEqualTo(1);
    }

    @Test
    void aTaskThePoolCouldNotEvenStartGoesToAnotherPoolWhateverItIs() throws Exception {
        start(Settings.RoutingPolicy.DEFAULTS);
        spawn();
        PoolInfo good = spawn();

        // the first pool throws for "boom": the task never started there, so it is safe to send it elsewhere
        TaskResult r = await(manager.route(Task.ofPrompt("boom"), RouteOptions.DEFAULT));

        assertThat(r.route().attempts()).isEqualTo(2);
        assertThat(r.poolId()).isEqualTo(good.poolId());
    }

    @Test
    void whenTheBudgetIsSpentAFailedIdempotentTaskIsNotRetried() throws Exception {
        start(budget(0, 0.0));
        spawn();
        spawn();
        fake.created.get(0).failAll = true;

        TaskResult r = await(manager.route(Task.builder().prompt("x").idempotent(true).build(),
                RouteOptions.DEFAULT));

        assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(r.route().attempts()).isEqualTo(1);
        assertThat(manager.retryCounts()[1]).isEqualTo(1);
    }

    @Test
    void retriesStopAtTheAttemptLimitWithTheLastResult() throws Exception {
        start(Settings.RoutingPolicy.DEFAULTS);
        for (int i = 0; i < 5; i++) {
            spawn();
        }
        fake.created.forEach(p -> p.failAll = true);

        TaskResult r = await(manager.route(Task.builder().prompt("x").idempotent(true).build(),
                RouteOptions.DEFAULT));

        assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(r.route().attempts()).isEqualTo(3);
        assertThat(r.poolId()).isEqualTo(fake.created.get(2).id());
    }

    @Test
    void aPoolEjectedAfterFailuresStopsReceivingRoutedTasks() throws Exception {
        start(Settings.RoutingPolicy.DEFAULTS);
        PoolInfo broken = spawn();
        PoolInfo good = spawn();
        fake.created.get(0).failAll = true;
        for (int i = 0; i < 5; i++) {
            await(manager.execute(broken.poolId(), Task.ofPrompt("x")));
        }
        assertThat(manager.ejectedPools()).containsExactly(broken.poolId());

        TaskResult r = await(manager.route(Task.ofPrompt("x"), RouteOptions.DEFAULT));
        assertThat(r.poolId()).isEqualTo(good.poolId());
        assertThat(r.route().reason()).isEqualTo("first");
        assertThat(r.route().attempts()).isEqualTo(1);
    }

    @Test
    void whenEveryPoolIsEjectedRoutingStillChoosesOneAndSaysPanic() throws Exception {
        start(Settings.RoutingPolicy.DEFAULTS);
        PoolInfo only = spawn();
        fake.created.get(0).failAll = true;
        for (int i = 0; i < 5; i++) {
            await(manager.execute(only.poolId(), Task.ofPrompt("x")));
        }
        assertThat(manager.ejectedPools()).containsExactly(only.poolId());
        fake.created.get(0).failAll = false;

        TaskResult r = await(manager.route(Task.ofPrompt("x"), RouteOptions.DEFAULT));
        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(r.poolId()).isEqualTo(only.poolId());
        assertThat(r.route().strategy()).isEqualTo("first");
        assertThat(r.route().reason()).isEqualTo("panic");
    }

    @Test
    void withAnEmptyAllowlistAnAffinityHintFallsBackToTheLeastLoadedPoolAndSaysWhy() throws Exception {
        start(Settings.DEFAULTS.withDefaultStrategy("first").withAllowlist(AffinityAllowlist.parse("")));
        PoolInfo a = spawn("a");
        PoolInfo b = spawn("b");
        TaskResult r = await(manager.route(Task.ofPrompt("x"), RouteOptions.affinity(b.poolId())));
        assertThat(r.route().reason()).isEqualTo("affinity_no_caller_allowlist_fallback");
        assertThat(r.poolId()).isEqualTo(a.poolId());
    }

    @Test
    void anAffinityHintToAPoolOffTheAllowlistGoesToAnAllowedPool() throws Exception {
        start(Settings.DEFAULTS.withDefaultStrategy("first").withAllowlist(AffinityAllowlist.parse("trusted")));
        PoolInfo other = spawn("other");
        PoolInfo trusted = spawn("trusted");
        TaskResult refused = await(manager.route(Task.ofPrompt("x"), RouteOptions.affinity(other.poolId())));
        assertThat(refused.poolId()).isEqualTo(trusted.poolId());
        assertThat(refused.route().reason()).isEqualTo("affinity_allowlist_filtered_fallback");
        TaskResult allowed = await(manager.route(Task.ofPrompt("x"), RouteOptions.affinity(trusted.poolId())));
        assertThat(allowed.poolId()).isEqualTo(trusted.poolId());
        assertThat(allowed.route().reason()).isEqualTo("affinity");
    }

    @Test
    void aRoutedTaskIsChargedOnceHoweverManyPoolsItIsTriedOn() throws Exception {
        start(Settings.DEFAULTS.withDefaultStrategy("first")
                .withQuota(new Settings.Quota(2, java.time.Duration.ofHours(1))));
        spawn();
        spawn();
        fake.created.get(0).failAll = true;
        Task task = Task.builder().prompt("x").idempotent(true).attribute(Task.ATTR_CALLER_KIND, "workflow").build();
        assertThat(await(manager.route(task, RouteOptions.DEFAULT)).route().attempts()).isEqualTo(2);
        Task second = Task.builder().prompt("y").attribute(Task.ATTR_CALLER_KIND, "workflow").build();
        await(manager.route(second, RouteOptions.DEFAULT));
        Task third = Task.builder().prompt("z").attribute(Task.ATTR_CALLER_KIND, "workflow").build();
        assertThat(manager.route(third, RouteOptions.DEFAULT).toCompletableFuture())
                .failsWithin(java.time.Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(io.mahavishnu.api.manager.RateLimitedException.class);
        assertThat(manager.rateLimited()).containsEntry("workflow", 1L);
    }
}

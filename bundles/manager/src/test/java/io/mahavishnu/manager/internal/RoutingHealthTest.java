package io.mahavishnu.manager.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutingHealthTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final PoolRegistry registry = new PoolRegistry();
    private final RecordingBus bus = new RecordingBus();
    private Settings settings = Settings.DEFAULTS;
    private RoutingHealth health;
    private final List<ManagedPool> pools = new ArrayList<>();

    @BeforeEach
    void setUp() {
        health = new RoutingHealth(registry, () -> settings, clock::get, new Events(() -> bus));
    }

    private ManagedPool pool(String id) {
        ManagedPool mp = new ManagedPool(id, pools.size(), PoolConfig.builder().poolType("fake").build(), -1);
        FakePool live = new FakePool(new io.mahavishnu.api.pool.PoolContext() {
            public String poolId() { return id; }
            public PoolConfig config() { return mp.config(); }
            public void stateChanged() { registry.refresh(); }
        });
        live.start();
        mp.attach(live, io.mahavishnu.api.pool.PoolStatus.PENDING);
        registry.add(mp);
        health.started(mp);
        pools.add(mp);
        return mp;
    }

    private static TaskResult result(ManagedPool p, TaskStatus status) {
        return new TaskResult("t", p.poolId(), null, status, null, null, Duration.ZERO, false, null, null, null);
    }

    private void fail(ManagedPool p, int times) {
        for (int i = 0; i < times; i++) {
            health.record(p, result(p, TaskStatus.FAILED));
        }
    }

    private List<String> candidates() {
        return health.select(registry.routable(), Set.of(), null).pools().stream().map(ManagedPool::poolId).toList();
    }

    @Test
    void fiveFailuresInARowEjectAPoolForThirtySecondsThenItComesBack() {
        ManagedPool a = pool("a");
        pool("b");
        fail(a, 4);
        health.record(a, result(a, TaskStatus.TIMEOUT));
        assertThat(candidates()).containsExactly("b");
        assertThat(health.ejected()).containsExactly("a");
        assertThat(bus.ofType(io.mahavishnu.api.bus.MessageType.STATUS_UPDATE).get(0).payload().get("reason"))
                .asString().contains("ejected for 30 s");

        clock.addAndGet(31 * SECOND);
        assertThat(candidates()).containsExactly("a", "b");
    }

    @Test
    void aSuccessResetsTheCountAndCancellationsDoNotCount() {
        ManagedPool a = pool("a");
        pool("b");
        fail(a, 4);
        health.record(a, result(a, TaskStatus.COMPLETED));
        fail(a, 4);
        health.record(a, result(a, TaskStatus.CANCELLED));
        assertThat(health.ejected()).isEmpty();
    }

    @Test
    void repeatedEjectionsLastLongerUpToTheCap() {
        ManagedPool a = pool("a");
        pool("b");
        fail(a, 5);
        assertThat(a.ejectedUntil() - clock.get()).isEqualTo(30 * SECOND);
        clock.addAndGet(31 * SECOND);
        fail(a, 5);
        assertThat(a.ejectedUntil() - clock.get()).isEqualTo(60 * SECOND);
        for (int i = 0; i < 20; i++) {
            clock.addAndGet(301 * SECOND);
            a.succeeded();
            fail(a, 5);
        }
        assertThat(a.ejectedUntil() - clock.get()).isEqualTo(300 * SECOND);
    }

    @Test
    void atMostHalfThePoolsAreEjectedAtOnce() {
        ManagedPool a = pool("a");
        ManagedPool b = pool("b");
        ManagedPool c = pool("c");
        pool("d");
        fail(a, 5);
        fail(b, 5);
        fail(c, 5);
        assertThat(health.ejected()).containsExactly("a", "b");
        assertThat(candidates()).containsExactly("c", "d");
    }

    @Test
    void whenEveryRunningPoolIsEjectedRoutingPanicsOverAllOfThem() {
        ManagedPool only = pool("only");
        fail(only, 5);
        RoutingHealth.Selection s = health.select(registry.routable(), Set.of(), null);
        assertThat(s.panic()).isTrue();
        assertThat(s.pools()).extracting(ManagedPool::poolId).containsExactly("only");
    }

    @Test
    void poolsAlreadyTriedAreNotOfferedAgain() {
        pool("a");
        pool("b");
        RoutingHealth.Selection s = health.select(registry.routable(), Set.of("a"), null);
        assertThat(s.pools()).extracting(ManagedPool::poolId).containsExactly("b");
        assertThat(health.select(registry.routable(), Set.of("a", "b"), null).pools()).isEmpty();
    }

    @Test
    void aNewPoolBesideEstablishedOnesRampsFromATenthToFullTraffic() {
        pool("old");
        clock.addAndGet(60 * SECOND);
        pool("new");
        assertThat(offeredShare("new")).isBetween(0.05, 0.16);
        clock.addAndGet(15 * SECOND); // halfway: 0.1 + 0.9 * 0.5 = 0.55
        assertThat(offeredShare("new")).isBetween(0.48, 0.62);
        clock.addAndGet(16 * SECOND);
        assertThat(offeredShare("new")).isEqualTo(1.0);
    }

    @Test
    void poolsThatAllStartedTogetherAreNotHeldBack() {
        pool("a");
        pool("b");
        assertThat(offeredShare("a")).isEqualTo(1.0);
        assertThat(offeredShare("b")).isEqualTo(1.0);
    }

    @Test
    void aSlowStartingPoolNamedAsAffinityKeyIsAlwaysOffered() {
        pool("old");
        clock.addAndGet(60 * SECOND);
        pool("new");
        for (int i = 0; i < 200; i++) {
            assertThat(health.select(registry.routable(), Set.of(), "new").pools())
                    .extracting(ManagedPool::poolId).contains("new");
        }
    }

    @Test
    void slowStartCanBeTurnedOff() {
        settings = settings.withRouting(new Settings.RoutingPolicy(5, Duration.ofSeconds(30),
                Duration.ofSeconds(300), 50, Duration.ZERO, 0.2, 3, 3));
        pool("old");
        clock.addAndGet(60 * SECOND);
        pool("new");
        assertThat(offeredShare("new")).isEqualTo(1.0);
    }

    private double offeredShare(String id) {
        Map<String, Integer> offered = new HashMap<>();
        int rounds = 4000;
        for (int i = 0; i < rounds; i++) {
            for (ManagedPool p : health.select(registry.routable(), Set.of(), null).pools()) {
                offered.merge(p.poolId(), 1, Integer::sum);
            }
        }
        return offered.getOrDefault(id, 0) / (double) rounds;
    }
}

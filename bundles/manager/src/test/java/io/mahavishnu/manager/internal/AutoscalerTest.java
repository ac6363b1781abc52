package io.mahavishnu.manager.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.pool.AutoscalePolicy;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.ScaleDecision;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AutoscalerTest {

    private final FakeProvider fake = new FakeProvider("fake");
    private final RecordingBus bus = new RecordingBus();
    private final List<AutoscalePolicy.Input> asked = new CopyOnWriteArrayList<>();
    private volatile int answer = 3;
    private final AutoscalePolicy fixed = in -> {
        asked.add(in);
        return new AutoscalePolicy.Decision(answer, "told to");
    };
    private PoolManagerImpl manager;

    @BeforeEach
    void setUp() throws Exception {
        manager = new PoolManagerImpl(new MemoryPoolStore(), new ServicePublisher(null), Settings.DEFAULTS);
        manager.bindMessageBus(bus);
        manager.bindPoolProvider(fake, fake.props());
        manager.bindAutoscalePolicy(fixed, Map.of(AutoscalePolicy.POLICY, "utilization"));
        manager.awaitRestores();
    }

    @AfterEach
    void tearDown() {
        manager.deactivate();
    }

    private PoolInfo spawn(boolean autoScale) throws Exception {
        return manager.spawn(PoolConfig.builder().poolType("fake").minWorkers(1).maxWorkers(6).autoScale(autoScale)
                .build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAutoScalingPoolIsResizedAndTheDecisionIsAnnouncedAndKept() throws Exception {
        PoolInfo p = spawn(true);
        manager.autoscaleNow();

        PoolInfo after = manager.get(p.poolId()).orElseThrow();
        assertThat(after.workers()).isEqualTo(3);
        ScaleDecision last = after.metrics().lastScaleDecision();
        assertThat(last.from()).isEqualTo(1);
        assertThat(last.to()).isEqualTo(3);
        assertThat(last.policy()).isEqualTo("utilization");
        assertThat(after.metrics().scaleDecisions()).isEqualTo(1);
        Message event = bus.ofType(MessageType.STATUS_UPDATE).get(0);
        assertThat(event.payload()).containsEntry("from_workers", 1).containsEntry("to_workers", 3)
                .containsEntry("reason", "autoscale: told to");
        assertThat(asked.get(0).minWorkers()).isEqualTo(1);
        assertThat(asked.get(0).maxWorkers()).isEqualTo(6);
    }

    @Test
    void aPolicyDeployedUnderTheSameNameReplacesTheBuiltInOneUntilItGoes() throws Exception {
        PoolInfo p = spawn(true);
        AutoscalePolicy replacement = in -> new AutoscalePolicy.Decision(5, "replacement");
        manager.bindAutoscalePolicy(replacement, Map.of(AutoscalePolicy.POLICY, "utilization"));
        manager.autoscaleNow();
        assertThat(manager.get(p.poolId()).orElseThrow().workers()).isEqualTo(5);

        manager.unbindAutoscalePolicy(replacement, Map.of(AutoscalePolicy.POLICY, "utilization"));
        manager.autoscaleNow();
        assertThat(manager.get(p.poolId()).orElseThrow().metrics().lastScaleDecision().reason()).isEqualTo("told to");
        assertThat(manager.get(p.poolId()).orElseThrow().workers()).isEqualTo(3);
    }

    @Test
    void answersOutsideTheBoundsAreClampedAndPoolsWithoutAutoScaleAreLeftAlone() throws Exception {
        PoolInfo fixedSize = spawn(false);
        PoolInfo auto = spawn(true);
        answer = 99;
        manager.autoscaleNow();
        assertThat(manager.get(auto.poolId()).orElseThrow().workers()).isEqualTo(6);
        assertThat(manager.get(fixedSize.poolId()).orElseThrow().workers()).isEqualTo(1);
        assertThat(asked).extracting(AutoscalePolicy.Input::poolId).containsOnly(auto.poolId());
    }

    @Test
    void aHoldIsRecordedButNotAnnounced() throws Exception {
        PoolInfo p = spawn(true);
        answer = 1;
        manager.autoscaleNow();
        PoolInfo after = manager.get(p.poolId()).orElseThrow();
        assertThat(after.metrics().lastScaleDecision().changed()).isFalse();
        assertThat(after.metrics().scaleDecisions()).isZero();
        assertThat(bus.ofType(MessageType.STATUS_UPDATE)).isEmpty();
    }

    @Test
    void aPoolNamingAnUndeployedPolicyKeepsItsSizeUntilThePolicyArrives() throws Exception {
        PoolInfo p = manager.spawn(PoolConfig.builder().poolType("fake").maxWorkers(6).autoScale(true)
                .extra("autoscale_policy", "custom").build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        manager.autoscaleNow();
        assertThat(manager.get(p.poolId()).orElseThrow().workers()).isEqualTo(1);
        manager.bindAutoscalePolicy(in -> new AutoscalePolicy.Decision(5, "custom says 5"),
                Map.of(AutoscalePolicy.POLICY, "custom"));
        manager.autoscaleNow();
        assertThat(manager.get(p.poolId()).orElseThrow().workers()).isEqualTo(5);
    }
}

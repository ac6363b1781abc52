package io.mahavishnu.autoscale.utilization;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.pool.AutoscalePolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UtilizationPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final UtilizationPolicy policy = new UtilizationPolicy(new UtilizationPolicy.Settings(0.7, 0.1,
            Duration.ofSeconds(300), Duration.ofSeconds(15)));

    private AutoscalePolicy.Decision decide(int workers, int running, int queued, long atSeconds, Long lastStep) {
        return policy.decide(new AutoscalePolicy.Input("p", workers, 1, 64, running, queued, 0,
                T0.plusSeconds(atSeconds), lastStep == null ? null : T0.plusSeconds(lastStep)));
    }

    @Test
    void aBurstScalesUpAtMostDoublingPerStep() {
        AutoscalePolicy.Decision d = decide(2, 2, 30, 0, null);
        assertThat(d.targetWorkers()).isEqualTo(4);
        assertThat(d.reason()).contains("needs 46").contains("at most doubling");
        assertThat(decide(4, 4, 28, 20, 0L).targetWorkers()).isEqualTo(8);
    }

    @Test
    void loadAtTheTargetHoldsSteadyWithoutFlapping() {
        // 7 of 10 busy is the target; 6 and 7.5 of 10 stay within the 10 % tolerance band around it
        int[] busy = {7, 7, 6, 7, 7, 7, 6, 7};
        for (int t = 0; t < 600; t += 15) {
            AutoscalePolicy.Decision d = decide(10, busy[(t / 15) % busy.length], 0, t, null);
            assertThat(d.targetWorkers()).as("at %d s: %s", t, d.reason()).isEqualTo(10);
        }
    }

    @Test
    void scaleDownWaitsForTheStabilizationWindow() {
        assertThat(decide(8, 8, 4, 0, null).targetWorkers()).isEqualTo(16);
        // the burst is over: 1 task on 16 workers wants 2, but 18 was recommended within 300 s
        AutoscalePolicy.Decision early = decide(16, 1, 0, 60, 0L);
        assertThat(early.targetWorkers()).isEqualTo(16);
        assertThat(early.reason()).contains("could shrink to 2").contains("within 300 s");
        AutoscalePolicy.Decision later = decide(16, 1, 0, 301, 0L);
        assertThat(later.targetWorkers()).isEqualTo(2);
        assertThat(later.reason()).contains("shrinking to 2");
    }

    @Test
    void noTwoStepsWithinTheCooldown() {
        AutoscalePolicy.Decision d = decide(4, 4, 20, 10, 0L);
        assertThat(d.targetWorkers()).isEqualTo(4);
        assertThat(d.reason()).contains("cooling down");
        assertThat(decide(4, 4, 20, 16, 0L).targetWorkers()).isEqualTo(8);
    }

    @Test
    void anIdlePoolSeenForTheFirstTimeKeepsItsSizeForAWindowThenShrinksToItsMinimum() {
        // e.g. restored after a restart at the size it had: its size counts as the first recommendation
        AutoscalePolicy.Decision first = decide(4, 0, 0, 0, null);
        assertThat(first.targetWorkers()).isEqualTo(4);
        assertThat(first.reason()).contains("could shrink to 1");
        assertThat(decide(4, 0, 0, 299, null).targetWorkers()).isEqualTo(4);
        assertThat(decide(4, 0, 0, 301, null).targetWorkers()).isEqualTo(1);
    }

    @Test
    void fromZeroWorkersItGoesStraightToWhatTheWaitingTasksNeed() {
        assertThat(decide(0, 0, 14, 0, null).targetWorkers()).isEqualTo(20);
    }

    @Test
    void forgettingAPoolDropsItsHistory() {
        decide(8, 8, 8, 0, null);
        assertThat(policy.tracked()).isEqualTo(1);
        policy.forget("p");
        assertThat(policy.tracked()).isZero();
    }
}

package io.mahavishnu.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    @Test
    void opensAfterTheThresholdProbesAfterTheOpenTimeAndClosesOnSuccess() {
        CircuitBreaker b = new CircuitBreaker(3, 1000);
        assertThat(b.failure(0)).isFalse();
        assertThat(b.failure(0)).isFalse();
        assertThat(b.failure(10)).isTrue();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.allows(500)).isFalse();
        assertThat(b.probeAt(500)).isEqualTo(1010);
        assertThat(b.allows(1010)).isTrue();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(b.failure(1020)).as("a failed probe reopens, not a new opening").isFalse();
        assertThat(b.allows(1500)).isFalse();
        b.probeNow();
        assertThat(b.allows(1500)).isTrue();
        assertThat(b.success()).isTrue();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(b.success()).isFalse();
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        CircuitBreaker b = new CircuitBreaker(2, 1000);
        b.failure(0);
        b.success();
        assertThat(b.failure(0)).isFalse();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}

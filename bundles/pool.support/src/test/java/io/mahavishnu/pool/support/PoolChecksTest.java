package io.mahavishnu.pool.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.pool.PoolStatus;
import org.junit.jupiter.api.Test;

class PoolChecksTest {

    @Test
    void refusalsNameThePoolItsStatusAndTheBounds() {
        assertThat(PoolChecks.notAccepting("p1", PoolStatus.STOPPED)).hasMessage("pool p1 is stopped");
        assertThat(PoolChecks.notAccepting("p1", PoolStatus.PENDING))
                .hasMessage("pool p1 is not running (status pending)");
        assertThat(PoolChecks.cannotScale("p1", PoolStatus.FAILED)).hasMessage("pool p1 cannot scale: it is failed");
        assertThat(PoolChecks.scaleTargetOutside(5, 1, 10)).isNull();
        assertThat(PoolChecks.scaleTargetOutside(11, 1, 10))
                .hasMessage("target_workers must be between min_workers=1 and max_workers=10 (got: 11)");
        assertThat(PoolChecks.scaleTargetOutside(0, 1, 10)).isNotNull();
    }
}

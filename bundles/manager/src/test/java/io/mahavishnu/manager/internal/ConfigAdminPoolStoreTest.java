package io.mahavishnu.manager.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.pool.PoolConfig;
import org.junit.jupiter.api.Test;

class ConfigAdminPoolStoreTest {

    @Test
    void aPoolSpecSurvivesTheRoundTripThroughConfigurationProperties() {
        PoolConfig cfg = PoolConfig.builder().name("build farm").poolType("mahavishnu").minWorkers(2).maxWorkers(8)
                .workerType("terminal-claude").autoScale(true).memoryEnabled(false)
                .extra("session_buddy_url", "http://localhost:8678/mcp").extra("namespace", "ci").build();
        PoolStore.Entry entry = new PoolStore.Entry("mahavishnu_0123456789ab", 7, cfg, 5);
        PoolStore.Entry back = ConfigAdminPoolStore.fromProperties(ConfigAdminPoolStore.toProperties(entry));
        assertThat(back).isEqualTo(entry);
    }
}

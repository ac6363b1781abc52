package io.mahavishnu.manager.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsWriterTest {

    @Test
    void aSettingHeldByAnEnvironmentVariableIsNotWritten() {
        SettingsWriter writer = new SettingsWriter(null,
                () -> Map.of("MAHAVISHNU_POOL_ROUTING_STRATEGY", "random"));
        assertThat(writer.write("pool_routing_strategy", "round_robin")).isFalse();
    }
}

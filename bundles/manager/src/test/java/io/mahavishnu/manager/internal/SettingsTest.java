package io.mahavishnu.manager.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.pool.ValidationException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    /** @return the manager's configuration with its defaults, except the given properties (by method name) */
    static ManagerConfig config(Map<String, Object> values) {
        return (ManagerConfig) Proxy.newProxyInstance(ManagerConfig.class.getClassLoader(),
                new Class<?>[] {ManagerConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "config" : method.invoke(values, args);
                    }
                    return values.containsKey(method.getName()) ? values.get(method.getName())
                            : method.getDefaultValue();
                });
    }

    @Test
    void theDefaultsOfTheConfigurationAreTheManagersDefaults() {
        assertThat(Settings.of(config(Map.of()))).isEqualTo(Settings.DEFAULTS);
    }

    @Test
    void aBadValueNamesItsSettingAndTheValue() {
        assertThatThrownBy(() -> Settings.of(config(Map.of("pool__stop__timeout__seconds", 0))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("pool_stop_timeout_seconds")
                .hasMessageContaining("0");
    }

    @Test
    void aBadValueAtStartLeavesTheManagerRunningWithTheDefaults() {
        Settings s = PoolManagerImpl.settingsOrDefaults(config(Map.of("pool__routing__strategy", "Round Robin!",
                "pool__stop__timeout__seconds", 5)));
        assertThat(s).isEqualTo(Settings.DEFAULTS);
        assertThat(PoolManagerImpl.settingsOrDefaults(config(Map.of("pool__stop__timeout__seconds", 5)))
                .stopTimeout()).isEqualTo(Duration.ofSeconds(5));
    }
}

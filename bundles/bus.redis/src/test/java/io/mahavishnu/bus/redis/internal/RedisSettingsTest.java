package io.mahavishnu.bus.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.pool.ValidationException;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    private static RedisSettings with(String host, int port, String prefix, String runtimeId) {
        return new RedisSettings(host, port, "", "", false, 0, prefix, 2000, 2000, runtimeId, 30_000, 10_000, 5_000,
                32);
    }

    @Test
    void invalidValuesNameTheSetting() {
        assertThatThrownBy(() -> with(" ", 6379, "m:", "")).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("redis_host");
        assertThatThrownBy(() -> with("h", 0, "m:", "")).hasMessageStartingWith("redis_port must be between 1 and 65535");
        assertThatThrownBy(() -> with("h", 6379, "a*b", "")).hasMessageStartingWith("redis_key_prefix");
        assertThatThrownBy(() -> with("h", 6379, "m:", "no spaces")).hasMessageStartingWith("redis_runtime_id");
    }

    @Test
    void thePasswordIsNeverPartOfTheText() {
        RedisSettings s = new RedisSettings("redis.example", 6380, "bus", "s3cret!", true, 2, "m:", 2000, 2000, "",
                30_000, 10_000, 5_000, 32);
        assertThat(s.toString()).doesNotContain("s3cret!").contains("rediss://redis.example:6380/2")
                .contains("password set").contains("user bus");
    }

    @Test
    void derivedRuntimeIdsAreStablePerFolderAndDifferBetweenFolders() {
        String a = RuntimeIdentity.derive("Build-Host_1", "/opt/mahavishnu-a");
        assertThat(a).isEqualTo(RuntimeIdentity.derive("Build-Host_1", "/opt/mahavishnu-a"))
                .isNotEqualTo(RuntimeIdentity.derive("Build-Host_1", "/opt/mahavishnu-b"))
                .matches("build-host-1-[0-9a-f]{10}");
        assertThat(RuntimeIdentity.resolve(" fixed-id ", null)).isEqualTo("fixed-id");
    }
}

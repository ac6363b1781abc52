package io.mahavishnu.manager.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvOverridesTest {

    private final EnvOverrides plugin = new EnvOverrides(() -> Map.of(
            "MAHAVISHNU_POOL_ROUTING_STRATEGY", "round_robin",
            "MAHAVISHNU_MAX_QUEUE_SIZE", "50",
            "MAHAVISHNU_MCP_PORT", "9000",
            "MAHAVISHNU_PORT", "1",
            "MAHAVISHNU_BUS_MAX_QUEUE_SIZE", "70",
            "MAHAVISHNU_SERVICE_PID", "evil"),
            pid -> pid.equals("io.mahavishnu.mcp") ? Set.of("port", "host") : Set.of());

    private static Hashtable<String, Object> config(String pid, Object... kv) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("service.pid", pid);
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void theShortFormOverridesAMultiWordSettingOfTheFile() {
        Hashtable<String, Object> p = config("io.mahavishnu.manager", "pool_routing_strategy", "least_loaded",
                "health_timeout_seconds", "5");
        plugin.modifyConfiguration(null, p);
        assertThat(p).containsEntry("pool_routing_strategy", "round_robin").containsEntry("health_timeout_seconds", "5")
                .containsEntry("service.pid", "io.mahavishnu.manager");
    }

    @Test
    void theQualifiedFormWinsAndSingleWordSettingsNeedIt() {
        Hashtable<String, Object> bus = config("io.mahavishnu.bus", "max_queue_size", "1000");
        plugin.modifyConfiguration(null, bus);
        assertThat(bus).containsEntry("max_queue_size", "70");
        Hashtable<String, Object> mcp = config("io.mahavishnu.mcp");
        plugin.modifyConfiguration(null, mcp);
        assertThat(mcp).containsEntry("port", "9000").doesNotContainKey("host");
    }

    @Test
    void declaredSettingsMissingFromTheFileCanBeOverridden() {
        Hashtable<String, Object> mcp = config("io.mahavishnu.mcp", "path", "/mcp");
        plugin.modifyConfiguration(null, mcp);
        assertThat(mcp).containsEntry("port", "9000").containsEntry("path", "/mcp");
    }

    @Test
    void otherProductsConfigurationsAndPersistedPoolsAreLeftAlone() {
        Hashtable<String, Object> foreign = config("org.apache.felix.http", "max_queue_size", "7");
        plugin.modifyConfiguration(null, foreign);
        assertThat(foreign).containsEntry("max_queue_size", "7");
        Hashtable<String, Object> pool = config("io.mahavishnu.pool~x", "max_queue_size", "7");
        pool.put("service.factoryPid", "io.mahavishnu.pool");
        plugin.modifyConfiguration(null, pool);
        assertThat(pool).containsEntry("max_queue_size", "7");
    }

    @Test
    void variableNames() {
        assertThat(EnvOverrides.qualified("io.mahavishnu.pool.local", "queue_size"))
                .isEqualTo("MAHAVISHNU_POOL_LOCAL_QUEUE_SIZE");
        assertThat(EnvOverrides.shortForm("pool_routing_strategy")).isEqualTo("MAHAVISHNU_POOL_ROUTING_STRATEGY");
        assertThat(EnvOverrides.shortForm("port")).isNull();
        assertThat(EnvOverrides.isSecret("redis_password")).isTrue();
        assertThat(EnvOverrides.isSecret("max_queue_size")).isFalse();
    }
}

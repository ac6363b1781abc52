package io.mahavishnu.monitor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.pool.ValidationException;
import org.junit.jupiter.api.Test;

class MonitorSettingsTest {

    private static MonitorSettings settings(String metrics, String events, String dashboard, String buckets) {
        return new MonitorSettings(true, metrics, events, dashboard, 100, 100, 10, 15, true,
                MonitorSettings.buckets(buckets));
    }

    @Test
    void pathsAreNormalisedAndBadOnesNamed() {
        MonitorSettings s = settings("/metrics/", "/events", "/ui/dashboard", "1");
        assertThat(s.metricsPath()).isEqualTo("/metrics");
        assertThat(s.dashboardPath()).isEqualTo("/ui/dashboard");
        assertThatThrownBy(() -> settings("metrics", "/events", "/dashboard", "1"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("metrics_path");
        assertThatThrownBy(() -> settings("/a", "/a", "/dashboard", "1")).hasMessageContaining("dashboard_path");
        assertThatThrownBy(() -> settings("/mcp", "/events", "/dashboard", "1")).hasMessageContaining("/mcp");
        assertThatThrownBy(() -> settings("/m", "/e b", "/d", "1")).hasMessageContaining("events_path");
    }

    @Test
    void bucketsMustBeAscendingPositiveNumbers() {
        assertThat(MonitorSettings.buckets("0.1, 1,10")).containsExactly(0.1, 1, 10);
        assertThatThrownBy(() -> MonitorSettings.buckets("1,0.5")).hasMessageContaining("latency_buckets")
                .hasMessageContaining("ascending");
        assertThatThrownBy(() -> MonitorSettings.buckets("1,fast")).hasMessageContaining("'fast'");
        assertThatThrownBy(() -> MonitorSettings.buckets("")).hasMessageContaining("latency_buckets");
        assertThatThrownBy(() -> MonitorSettings.buckets("-1")).hasMessageContaining("positive");
    }

    @Test
    void limitsNameTheirSetting() {
        assertThatThrownBy(() -> new MonitorSettings(true, "/m", "/e", "/d", 5, 100, 10, 15, true, new double[] {1}))
                .hasMessageContaining("event_history");
        assertThatThrownBy(() -> new MonitorSettings(true, "/m", "/e", "/d", 100, 100, 0, 15, true,
                new double[] {1})).hasMessageContaining("max_clients");
    }
}

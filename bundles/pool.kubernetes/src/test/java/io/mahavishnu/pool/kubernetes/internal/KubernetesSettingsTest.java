package io.mahavishnu.pool.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.pool.ValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesSettingsTest {

    private static KubernetesSettings of(Map<String, String> defaults, Map<String, String> extra) {
        return KubernetesSettings.of(defaults, extra);
    }

    @Test
    void theDefaultsAreTheIssuesAndExtraConfigOverridesThemKeyByKey() {
        KubernetesSettings d = of(KubernetesSettings.DEFAULTS, Map.of());
        assertThat(d.namespace()).isEqualTo("mahavishnu");
        assertThat(d.containerImage()).isEqualTo("python:3.13-slim");
        assertThat(d.runnerImage()).isEqualTo("python:3.13-slim");
        assertThat(d.runnerCommand()).containsExactly("printenv", "MAHAVISHNU_PROMPT");
        assertThat(d.backoffLimit()).isEqualTo(3);
        assertThat(d.apiQps()).isEqualTo(5.0);
        assertThat(d.apiBurst()).isEqualTo(10);
        assertThat(d.resources()).isEmpty();

        KubernetesSettings o = of(KubernetesSettings.DEFAULTS, Map.of("namespace", "team-a", "memory_limit", "1Gi",
                "labels", "team=ml,example.org/owner=ops", "api_qps", "2.5"));
        assertThat(o.namespace()).isEqualTo("team-a");
        assertThat(o.resources()).containsExactly(Map.entry("limits.memory", "1Gi"));
        assertThat(o.labels()).containsExactly(Map.entry("team", "ml"), Map.entry("example.org/owner", "ops"));
        assertThat(o.apiQps()).isEqualTo(2.5);
    }

    @Test
    void errorsNameTheKeyAsTheUserWroteItAndTheValue() {
        assertThatThrownBy(() -> of(Map.of("namespace", "Team A"), Map.of()))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("namespace must be a DNS label")
                .hasMessageEndingWith("(got: 'Team A')");
        assertThatThrownBy(() -> of(KubernetesSettings.DEFAULTS, Map.of("cpu_limit", "lots")))
                .hasMessage("extra_config.cpu_limit must be a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi "
                        + "(or empty) (got: 'lots')");
        assertThatThrownBy(() -> of(KubernetesSettings.DEFAULTS, Map.of("backoff_limit", "three")))
                .hasMessage("extra_config.backoff_limit must be a whole number between 0 and 100 (got: 'three')");
        assertThatThrownBy(() -> of(KubernetesSettings.DEFAULTS, Map.of("ttl_seconds_after_finished", "5")))
                .hasMessage("extra_config.ttl_seconds_after_finished must be between 60 and 31536000 (got: 5)");
        assertThatThrownBy(() -> of(KubernetesSettings.DEFAULTS, Map.of("labels", "pool=mine")))
                .hasMessageContaining("must not set 'pool'");
        assertThatThrownBy(() -> of(KubernetesSettings.DEFAULTS, Map.of("image_pull_policy", "always")))
                .hasMessageContaining("must be one of: Always, IfNotPresent, Never");
        assertThatThrownBy(() -> of(KubernetesSettings.DEFAULTS, Map.of("runner_command", " ")))
                .hasMessageStartingWith("extra_config.runner_command must name a command");
    }

    @Test
    void keysThatAreNoSettingAreReportedNotRejected() {
        Map<String, String> extra = Map.of("namesapce", "x", "autoscale_policy", "utilization", "namespace", "ok");
        assertThat(of(KubernetesSettings.DEFAULTS, extra).namespace()).isEqualTo("ok");
        assertThat(KubernetesSettings.unknownKeys(extra)).containsExactly("autoscale_policy", "namesapce");
    }

    @Test
    void everyKeyOfTheConfigurationIsKnownAndHasABuiltInDefault() {
        assertThat(KubernetesSettings.DEFAULTS.keySet()).containsExactlyElementsOf(KubernetesSettings.KEYS);
        assertThat(List.copyOf(KubernetesSettings.KEYS)).doesNotHaveDuplicates();
    }
}

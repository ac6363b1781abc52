package io.mahavishnu.pool.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobNamesTest {

    private static final String POOL = "kubernetes_ab12cd34ef56";

    @Test
    void aShortCleanTaskIdIsKeptAsItIs() {
        assertThat(JobNames.jobName(POOL, "t-0f3a9c2b11de", 1)).isEqualTo("mahavishnu-ab12cd34ef56-t-0f3a9c2b11de");
        assertThat(JobNames.jobName(POOL, "t-0f3a9c2b11de", 2)).isEqualTo("mahavishnu-ab12cd34ef56-t-0f3a9c2b11de-2");
        assertThat(JobNames.taskLabel("t-0f3a9c2b11de")).isEqualTo("t-0f3a9c2b11de");
    }

    @Test
    void anyTaskIdGivesAValidUniqueNameAndLabel() {
        List<String> ids = List.of("A", "a", "my task/1", "my-task-1", "-", "ünïcødé", "x".repeat(128),
                "x".repeat(127) + "y", "UPPER_case.dots", "upper-case-dots", "t-1", "T-1");
        Set<String> names = new HashSet<>();
        for (String id : ids) {
            String name = JobNames.jobName(POOL, id, 1);
            assertThat(name).hasSizeLessThanOrEqualTo(63).matches(KubernetesSettings.DNS_LABEL.pattern());
            assertThat(JobNames.jobName(POOL, id, 20)).hasSizeLessThanOrEqualTo(63)
                    .matches(KubernetesSettings.DNS_LABEL.pattern());
            assertThat(JobNames.taskLabel(id)).hasSizeLessThanOrEqualTo(63)
                    .matches(KubernetesSettings.LABEL_VALUE.pattern());
            names.add(name);
        }
        assertThat(names).hasSameSizeAs(ids);
    }

    @Test
    void poolsNeverShareNames() {
        assertThat(JobNames.jobName("kubernetes_000000000001", "t", 1))
                .isNotEqualTo(JobNames.jobName("kubernetes_000000000002", "t", 1));
        assertThat(JobNames.poolPart("some weird/pool id")).matches("[a-z0-9-]{1,16}");
    }
}

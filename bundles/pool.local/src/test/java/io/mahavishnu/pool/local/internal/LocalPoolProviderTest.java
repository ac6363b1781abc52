package io.mahavishnu.pool.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.pool.ValidationException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LocalPoolProviderTest {

    @Test
    void offersFourWorkerTypesAndRefusesOthers() {
        try (TestPools pools = new TestPools(LocalPoolSettings.DEFAULTS)) {
            assertThat(pools.provider.workerTypes())
                    .containsExactlyInAnyOrder("noop", "process", "terminal-claude", "terminal-qwen");
            assertThat(pools.provider.description()).isNotBlank();
            PoolConfig bad = PoolConfig.builder().workerType("container").build();

            assertThatThrownBy(() -> pools.provider.create(new TestPools.Context("mahavishnu_x", bad)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessage("worker_type must be one of: noop, process, terminal-claude, terminal-qwen "
                            + "(got: 'container')");
        }
    }

    @Test
    void deactivationStopsRunningPools() {
        TestPools pools = new TestPools(LocalPoolSettings.DEFAULTS);
        LocalPool pool = pools.start("noop", 1, 1);
        CompletableFuture<TaskResult> running = pool.execute(TestPools.blocker()).toCompletableFuture();

        pools.close();

        assertThat(pool.status()).isEqualTo(PoolStatus.STOPPED);
        assertThat(TestPools.join(running).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThatThrownBy(() -> pools.create("noop", 1, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void modifiedSettingsApplyToNewTasksOfExistingPools() {
        try (TestPools pools = new TestPools(LocalPoolSettings.DEFAULTS.withAllowlist("sh"))) {
            LocalPool pool = pools.start("process", 1, 1);
            Task echo = Task.builder().command("sh", "-c", "echo hi").build();
            assertThat(TestPools.run(pool, echo).status()).isEqualTo(TaskStatus.COMPLETED);

            pools.provider.modified(LocalPoolSettingsTest.config(Map.of("command__allowlist", "sleep")));

            TaskResult r = TestPools.run(pool, Task.builder().command("sh", "-c", "echo hi").build());
            assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(r.error()).contains("not in command_allowlist (allowed: sleep)");
        }
    }
}

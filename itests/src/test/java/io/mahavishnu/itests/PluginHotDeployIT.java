package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/** A pool type shipped by a third party as its own bundle comes and goes while the runtime runs. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginHotDeployIT extends RuntimeTestSupport {

    @Override
    protected Option[] extraOptions() {
        return new Option[] {systemProperty("echo.bundle").value(PluginJars.echoPoolType())};
    }

    @Test
    public void aPoolTypeInstalledAtRuntimeBecomesSpawnableAndLeavesCleanly() throws Exception {
        PoolManager manager = manager();
        assertThat(manager.poolTypes()).doesNotContain("echo");
        try {
            await(manager.spawn(PoolConfig.builder().poolType("echo").build()));
            throw new AssertionError("spawning an undeployed type must fail");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(PoolManagerException.class)
                    .hasMessageContaining("Unknown pool type: echo");
        }

        Bundle plugin = context.installBundle(System.getProperty("echo.bundle"));
        plugin.start();
        assertThat(manager.poolTypes()).contains("echo");
        PoolInfo pool = await(manager.spawn(PoolConfig.builder().poolType("echo").name("hot").build()));
        assertThat(pool.poolId()).startsWith("echo_");
        TaskResult result = await(manager.execute(pool.poolId(), Task.ofPrompt("from a plugin")));
        assertThat(result.output()).isEqualTo("from a plugin");

        CompletionStage<TaskResult> running = manager.execute(pool.poolId(), Task.ofPrompt("hold"));
        plugin.uninstall();

        TaskResult cancelled = await(running);
        assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(cancelled.error()).contains("pool type 'echo' was undeployed");
        PoolInfo kept = manager.get(pool.poolId()).orElseThrow();
        assertThat(kept.status()).isEqualTo(PoolStatus.PENDING);
        assertThat(kept.available()).isFalse();
        assertThat(manager.poolTypes()).doesNotContain("echo");

        Bundle again = context.installBundle(System.getProperty("echo.bundle"));
        again.start();
        awaitRunning(pool.poolId());
        assertThat(manager.get(pool.poolId()).orElseThrow().status()).isEqualTo(PoolStatus.RUNNING);
        assertThat(await(manager.execute(pool.poolId(), Task.ofPrompt("back"))).output()).isEqualTo("back");
        await(manager.close(pool.poolId()));
        again.uninstall();
    }
}

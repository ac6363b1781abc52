package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.util.List;
import java.util.UUID;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The local pool with real subprocesses: allowlist, timeout from the task's start, whole process tree killed. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LocalProcessIT extends RuntimeTestSupport {

    @Test
    public void aTimedOutTaskHasItsWholeProcessTreeKilled() throws Exception {
        configure("io.mahavishnu.pool.local", "command_allowlist", "sh sleep echo");
        PoolManager manager = manager();
        PoolInfo pool = await(manager.spawn(PoolConfig.builder().name("procs").workerType("process").build()));

        eventually("the allowlist is applied", () -> completed(manager, pool, List.of("echo", "ready")));

        // a unique sleep length marks the processes of this test
        String marker = "300." + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1000);
        Task task = Task.builder().command("sh", "-c", "sleep " + marker + " & sleep " + marker + "; wait")
                .timeoutSeconds(1).build();
        TaskResult result = await(manager.execute(pool.poolId(), task));

        assertThat(result.status()).isEqualTo(TaskStatus.TIMEOUT);
        assertThat(result.error()).contains("timed out after 1 s");
        assertThat(ProcessHandle.allProcesses().filter(p -> p.isAlive() && p.info().commandLine()
                .map(c -> c.contains(marker)).orElse(false)).count()).as("processes left running").isZero();
        await(manager.close(pool.poolId()));
    }

    @Test
    public void anExecutableOffTheAllowlistIsRefusedNamingItAndTheSetting() throws Exception {
        configure("io.mahavishnu.pool.local", "command_allowlist", "echo");
        PoolManager manager = manager();
        PoolInfo pool = await(manager.spawn(PoolConfig.builder().name("strict").workerType("process").build()));
        eventually("the allowlist is applied", () -> !completed(manager, pool, List.of("sleep", "0")));

        TaskResult result = await(manager.execute(pool.poolId(), Task.builder().command("rm", "-rf", "/tmp/x").build()));
        assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(result.error()).contains("'rm'").contains("command_allowlist");
        await(manager.close(pool.poolId()));
    }

    private static boolean completed(PoolManager manager, PoolInfo pool, List<String> argv) {
        try {
            return await(manager.execute(pool.poolId(), Task.builder().command(argv).build())).status()
                    == TaskStatus.COMPLETED;
        } catch (Exception e) {
            return false;
        }
    }
}

package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolHealth;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The session-buddy pool type against a fake Session-Buddy speaking MCP over HTTP. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SessionBuddyPoolIT extends MemoryTestSupport {

    private PoolInfo spawn(String name, int size, int max) throws Exception {
        PoolConfig config = PoolConfig.builder().poolType("session-buddy").name(name).minWorkers(1).maxWorkers(max)
                .workerType("terminal-claude").extra("pool_size", Integer.toString(size)).build();
        return await(manager().spawn(config));
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> remoteWorkers() throws Exception {
        return (Map<String, String>) fakes().state("session-buddy").get("workers");
    }

    private List<String> workersOf(String poolId) throws Exception {
        return remoteWorkers().entrySet().stream().filter(e -> e.getValue().equals(poolId)).map(Map.Entry::getKey)
                .sorted().collect(Collectors.toList());
    }

    @Test
    public void startExecuteBatchScaleHealthAndStopCloseOnlyItsOwnWorkers() throws Exception {
        PoolManager m = manager();
        PoolInfo pool = spawn("sb-flow", 3, 5);
        PoolInfo other = spawn("sb-other", 2, 5);
        assertThat(pool.workers()).isEqualTo(3);
        assertThat(workersOf(pool.poolId())).hasSize(3);

        List<CompletableFuture<TaskResult>> running = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            running.add(m.execute(pool.poolId(), Task.ofPrompt("prompt " + i)).toCompletableFuture());
        }
        List<String> usedWorkers = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            TaskResult r = await(running.get(i));
            assertThat(r.status()).as(String.valueOf(r)).isEqualTo(TaskStatus.COMPLETED);
            assertThat(r.output()).isEqualTo("echo: prompt " + i);
            usedWorkers.add(r.workerId());
        }
        assertThat(usedWorkers).as("tasks spread over the workers").containsAll(workersOf(pool.poolId()));

        Map<String, TaskResult> batch = await(m.executeBatch(pool.poolId(),
                List.of(Task.ofPrompt("a"), Task.ofPrompt("b"), Task.ofPrompt("c"), Task.ofPrompt("d"),
                        Task.ofPrompt("e")), null));
        assertThat(batch).containsOnlyKeys("0", "1", "2", "3", "4");
        assertThat(batch.get("3").output()).isEqualTo("echo: d");
        assertThat(batch.values()).allMatch(TaskResult::isSuccess);

        assertThat(await(m.scale(pool.poolId(), 5)).workers()).isEqualTo(5);
        assertThat(workersOf(pool.poolId())).hasSize(5);
        await(m.scale(pool.poolId(), 2));
        assertThat(workersOf(pool.poolId())).hasSize(2);

        PoolHealth health = await(m.health()).pools().stream().filter(h -> h.poolId().equals(pool.poolId()))
                .findFirst().orElseThrow();
        assertThat(health.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(health.details()).containsKey("worker_health").containsEntry("workers", 2);

        List<String> othersBefore = workersOf(other.poolId());
        await(m.close(pool.poolId()));
        assertThat(workersOf(pool.poolId())).as("closed on Session-Buddy").isEmpty();
        assertThat(workersOf(other.poolId())).as("the other pool keeps its workers").isEqualTo(othersBefore);
        await(m.close(other.poolId()));
    }

    @Test
    public void anUnreachableSessionBuddyFailsTheStartWithAClearError() throws Exception {
        PoolConfig config = PoolConfig.builder().poolType("session-buddy").name("sb-nowhere")
                .extra("session_buddy_url", "http://127.0.0.1:" + io.mahavishnu.itests.fakes.Fakes.freePort() + "/mcp")
                .build();
        int before = manager().list().size();
        assertThatThrownBy(() -> await(manager().spawn(config))).hasMessageContaining("unreachable")
                .hasMessageContaining("session_buddy_url");
        assertThat(manager().list()).hasSize(before);
    }

    @Test
    public void healthIsUnhealthyWhileSessionBuddyIsAwayAndTasksRunAgainWhenItIsBack() throws Exception {
        PoolInfo pool = spawn("sb-away", 2, 3);
        fakes().set("session-buddy", "down");
        PoolHealth h = await(manager().health()).pools().stream()
                .filter(p -> p.poolId().equals(pool.poolId())).findFirst().orElseThrow();
        assertThat(h.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(String.valueOf(h.details().get("error"))).contains("unreachable");
        TaskResult failed = await(manager().execute(pool.poolId(), Task.ofPrompt("while away")));
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.error()).contains("unreachable");

        // Session-Buddy comes back restarted, without the pool's workers: each is replaced when a task finds it gone.
        fakes().set("session-buddy", "restart");
        for (String prompt : List.of("back 1", "back 2", "back 3")) {
            TaskResult after = await(manager().execute(pool.poolId(), Task.ofPrompt(prompt)));
            assertThat(after.status()).as(after.error()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(after.output()).isEqualTo("echo: " + prompt);
        }
        assertThat(workersOf(pool.poolId())).hasSize(2);
        // The same in a batch: the tasks of the forgotten workers run on replacements, the batch goes on.
        fakes().set("session-buddy", "restart");
        Map<String, TaskResult> batch = await(manager().executeBatch(pool.poolId(), List.of(Task.ofPrompt("x"),
                Task.ofPrompt("y"), Task.ofPrompt("z")), null));
        assertThat(batch.values()).allSatisfy(r -> assertThat(r.status()).as(r.error())
                .isEqualTo(TaskStatus.COMPLETED));
        assertThat(batch.get("2").output()).isEqualTo("echo: z");
        assertThat(workersOf(pool.poolId())).hasSize(2);
        assertThat(await(manager().health()).pools().stream().filter(p -> p.poolId().equals(pool.poolId()))
                .findFirst().orElseThrow().status()).isEqualTo(HealthStatus.HEALTHY);
        await(manager().close(pool.poolId()));
    }
}

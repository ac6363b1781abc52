package io.mahavishnu.pool.sessionbuddy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.memory.MemoryBatch;
import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolContext;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.pool.ValidationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionBuddyPoolTest {

    private final FakeClient remote = new FakeClient();

    private SessionBuddyPool pool(String id, int min, int max, String size) {
        PoolConfig.Builder b = PoolConfig.builder().poolType("session-buddy").minWorkers(min).maxWorkers(max);
        if (size != null) {
            b.extra("pool_size", size);
        }
        PoolConfig config = b.build();
        PoolContext ctx = new PoolContext() {
            public String poolId() { return id; }
            public PoolConfig config() { return config; }
            public void stateChanged() { }
        };
        return new SessionBuddyPool(ctx, remote, SessionBuddySettings.DEFAULTS, p -> { });
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> s) throws Exception {
        return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void startsWithThreeWorkersByDefaultAndSpreadsTasksOverThem() throws Exception {
        SessionBuddyPool p = pool("sb_1", 1, 10, null);
        get(p.start());
        assertThat(p.status()).isEqualTo(PoolStatus.RUNNING);
        assertThat(p.metrics().totalWorkers()).isEqualTo(3);
        remote.hold = true;
        List<CompletableFuture<TaskResult>> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(p.execute(Task.ofPrompt("t" + i)).toCompletableFuture());
        }
        assertThat(remote.held).hasSize(3);
        assertThat(p.metrics().queued()).as("the fourth waits for a free worker").isEqualTo(1);
        remote.hold = false;
        remote.held.values().forEach(f -> f.complete(new SessionBuddyClient.Outcome("completed", "ok", null)));
        Set<String> used = new HashSet<>();
        for (CompletableFuture<TaskResult> f : running) {
            TaskResult r = f.get(10, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
            used.add(r.workerId());
        }
        assertThat(used).hasSize(3);
        MemoryBatch memory = get(p.collectMemory(null));
        assertThat(memory.items()).hasSize(4);
        assertThat(get(p.collectMemory(memory.nextCursor())).items()).isEmpty();
    }

    @Test
    void batchesGoOutThroughWorkerExecuteBatchWithOneResultPerTask() throws Exception {
        SessionBuddyPool p = pool("sb_2", 1, 10, "2");
        get(p.start());
        Map<String, TaskResult> results = get(p.executeBatch(List.of(Task.ofPrompt("a"), Task.ofPrompt("b"),
                Task.ofPrompt("c"))));
        assertThat(results).containsOnlyKeys("0", "1", "2");
        assertThat(results.get("2").output()).endsWith(":c");
        assertThat(results.values()).allMatch(TaskResult::isSuccess);
        assertThat(remote.batchCalls.get()).isEqualTo(2);
        assertThat(p.metrics().activeWorkers()).isZero();
    }

    @Test
    void scalesBySpawningAndClosingRemoteWorkersAndStopClosesOnlyItsOwn() throws Exception {
        SessionBuddyPool p = pool("sb_3", 1, 6, "2");
        SessionBuddyPool other = pool("sb_4", 1, 6, "2");
        get(p.start());
        get(other.start());
        get(p.scale(5));
        assertThat(remote.workers.values().stream().filter("sb_3"::equals).count()).isEqualTo(5);
        get(p.scale(1));
        assertThat(remote.workers.values().stream().filter("sb_3"::equals).count()).isEqualTo(1);
        assertThatThrownBy(() -> get(p.scale(7))).hasCauseInstanceOf(ValidationException.class);
        get(p.stop());
        assertThat(remote.workers.values()).containsOnly("sb_4");
        assertThat(p.status()).isEqualTo(PoolStatus.STOPPED);
        assertThatThrownBy(() -> get(p.execute(Task.ofPrompt("x")))).hasMessageContaining("not running");
    }

    @Test
    void anUnreachableSessionBuddyFailsTheStartAndMakesHealthUnhealthy() throws Exception {
        remote.unreachable = true;
        SessionBuddyPool p = pool("sb_5", 1, 3, null);
        assertThatThrownBy(() -> get(p.start())).hasMessageContaining("unreachable")
                .hasMessageContaining("http://sb/mcp").hasMessageContaining("session_buddy_url");
        assertThat(p.status()).isEqualTo(PoolStatus.FAILED);

        remote.unreachable = false;
        SessionBuddyPool q = pool("sb_6", 1, 3, null);
        get(q.start());
        assertThat(get(q.health()).status()).isEqualTo(HealthStatus.HEALTHY);
        remote.unreachable = true;
        assertThat(get(q.health()).status()).isEqualTo(HealthStatus.UNHEALTHY);
        TaskResult r = get(q.execute(Task.ofPrompt("x")));
        assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(r.error()).contains("unreachable");
        assertThat(q.metrics().activeWorkers()).as("the worker is free again").isZero();
    }

    @Test
    void stopCancelsRunningAndWaitingTasks() throws Exception {
        SessionBuddyPool p = pool("sb_8", 1, 2, "1");
        get(p.start());
        remote.hold = true;
        CompletableFuture<TaskResult> running = p.execute(Task.ofPrompt("long")).toCompletableFuture();
        CompletableFuture<TaskResult> waiting = p.execute(Task.ofPrompt("next")).toCompletableFuture();
        get(p.stop());
        assertThat(running).isCancelled();
        assertThat(waiting).isCompletedExceptionally();
        assertThat(remote.workers).isEmpty();
    }

    @Test
    void poolSizeMustLieWithinMinAndMax() {
        assertThatThrownBy(() -> pool("sb_7", 1, 2, "5")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("extra_config.pool_size");
        assertThat(SessionBuddySettings.DEFAULTS.sizeOf(PoolConfig.builder().maxWorkers(2).build())).isEqualTo(2);
    }
}

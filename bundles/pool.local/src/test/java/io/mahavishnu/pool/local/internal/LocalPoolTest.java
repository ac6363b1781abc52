package io.mahavishnu.pool.local.internal;

import static io.mahavishnu.pool.local.internal.TestPools.blocker;
import static io.mahavishnu.pool.local.internal.TestPools.join;
import static io.mahavishnu.pool.local.internal.TestPools.prio;
import static io.mahavishnu.pool.local.internal.TestPools.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.memory.MemoryBatch;
import io.mahavishnu.api.memory.MemoryItem;
import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolHealth;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.pool.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scheduling, lifecycle and memory of the local pool, with noop workers. */
class LocalPoolTest {

    private TestPools pools;

    private LocalPool noopPool(LocalPoolSettings settings, int min, int max) {
        pools = new TestPools(settings);
        return pools.start("noop", min, max);
    }

    @AfterEach
    void tearDown() {
        if (pools != null) {
            pools.close();
        }
    }

    @Test
    void noopEchoesThePromptAndNamesItsWorker() {
        LocalPool pool = noopPool(LocalPoolSettings.DEFAULTS, 1, 2);

        TaskResult r = run(pool, Task.ofPrompt("hello"));

        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(r.output()).isEqualTo("hello");
        assertThat(r.workerId()).isEqualTo(pool.id() + "-w1");
        assertThat(r.poolId()).isEqualTo(pool.id());
        assertThat(pool.status()).isEqualTo(PoolStatus.RUNNING);
    }

    @Test
    void noopFailAttributeFailsTheTask() {
        LocalPool pool = noopPool(LocalPoolSettings.DEFAULTS, 1, 1);

        TaskResult r = run(pool, Task.builder().prompt("x").attribute(NoopRunner.FAIL, "broken on purpose").build());

        assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(r.error()).isEqualTo("broken on purpose");
    }

    @Test
    void batchOfSevenOnTwoWorkersReturnsEveryResultAndUsesBothWorkers() {
        LocalPool pool = noopPool(LocalPoolSettings.DEFAULTS, 2, 2);
        List<Task> tasks = IntStream.range(0, 7)
                .mapToObj(i -> Task.builder().prompt("t" + i).attribute(NoopRunner.DELAY_MS, "20").build())
                .collect(Collectors.toList());

        Map<String, TaskResult> results = join(pool.executeBatch(tasks).toCompletableFuture());

        assertThat(results).containsOnlyKeys("0", "1", "2", "3", "4", "5", "6");
        for (int i = 0; i < 7; i++) {
            assertThat(results.get(Integer.toString(i)).output()).isEqualTo("t" + i);
            assertThat(results.get(Integer.toString(i)).status()).isEqualTo(TaskStatus.COMPLETED);
        }
        assertThat(results.values().stream().map(TaskResult::workerId).distinct())
                .containsExactlyInAnyOrder(pool.id() + "-w1", pool.id() + "-w2");
    }

    @Test
    void neverRunsMoreTasksThanWorkers() {
        LocalPool pool = noopPool(LocalPoolSettings.DEFAULTS, 3, 3);
        AtomicInteger maxBusy = new AtomicInteger();
        List<CompletableFuture<TaskResult>> futures = new ArrayList<>();

        for (int i = 0; i < 10; i++) {
            CompletableFuture<TaskResult> f = pool.execute(
                    Task.builder().prompt("t" + i).attribute(NoopRunner.DELAY_MS, "30").build()).toCompletableFuture();
            f.whenComplete((r, e) -> maxBusy.accumulateAndGet(pool.metrics().activeWorkers(), Math::max));
            futures.add(f);
        }
        assertThat(pool.metrics().activeWorkers()).isEqualTo(3);
        assertThat(pool.metrics().totalWorkers()).isEqualTo(3);
        assertThat(pool.metrics().queued()).isEqualTo(7);
        futures.forEach(TestPools::join);

        assertThat(maxBusy.get()).isLessThanOrEqualTo(3);
        assertThat(pool.metrics().activeWorkers()).isZero();
        assertThat(pool.metrics().queued()).isZero();
    }

    @Test
    void waitingTasksRunByPriorityThenArrival() {
        LocalPool pool = noopPool(LocalPoolSettings.DEFAULTS, 1, 1);
        CompletableFuture<TaskResult> block = pool.execute(blocker()).toCompletableFuture();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<TaskResult>> waiting = new ArrayList<>();
        for (Task t : List.of(prio("low", 1), prio("midA", 5), prio("high", 9), prio("midB", 5), prio("zero", 0))) {
            CompletableFuture<TaskResult> f = pool.execute(t).toCompletableFuture();
            f.thenAccept(r -> order.add(r.output()));
            waiting.add(f);
        }

        block.cancel(true);
        waiting.forEach(TestPools::join);

        assertThat(order).containsExactly("high", "midA", "midB", "low", "zero");
    }

    @Test
    void agingLetsAnOldLowPriorityTaskRunBeforeLaterHighPriorityOnes() {
        AtomicLong now = new AtomicLong();
        pools = new TestPools(LocalPoolSettings.DEFAULTS.withAgingInterval(Duration.ofMillis(1)), now::get);
        LocalPool pool = pools.start("noop", 1, 1);
        CompletableFuture<TaskResult> block = pool.execute(blocker()).toCompletableFuture();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<TaskResult>> waiting = new ArrayList<>();

        waiting.add(pool.execute(prio("old-p0", 0)).toCompletableFuture());
        now.addAndGet(Duration.ofMillis(5).toNanos());   // 5 ms later: 9 levels ahead is more than 5 ms of aging
        waiting.add(pool.execute(prio("p9-after-5ms", 9)).toCompletableFuture());
        now.addAndGet(Duration.ofMillis(5).toNanos());   // 10 ms after old-p0: it has aged past priority 9
        waiting.add(pool.execute(prio("p9-after-10ms-a", 9)).toCompletableFuture());
        waiting.add(pool.execute(prio("p9-after-10ms-b", 9)).toCompletableFuture());
        waiting.forEach(f -> f.thenAccept(r -> order.add(r.output())));

        block.cancel(true);
        waiting.forEach(TestPools::join);

        assertThat(order).containsExactly("p9-after-5ms", "old-p0", "p9-after-10ms-a", "p9-after-10ms-b");
    }

    @Test
    void taskPastItsDeadlineIsNotRun() {
        LocalPool pool = noopPool(LocalPoolSettings.DEFAULTS, 1, 1);

        TaskResult past = run(pool, Task.builder().prompt("late").deadline(Instant.now().minusSeconds(1)).build());
        assertThat(past.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(past.error()).isEqualTo("deadline_exceeded");
        assertThat(past.workerId()).isNull();

        // Waits behind a task that holds the only worker far longer than the deadline allows: it leaves the queue
        // when its deadline passes, while the worker is still busy.
        Instant deadline = Instant.now().plusMillis(100);
        CompletableFuture<TaskResult> first = pool.execute(
                Task.builder().prompt("first").attribute(NoopRunner.DELAY_MS, "30000").build()).toCompletableFuture();
        TaskResult expired = run(pool, Task.builder().prompt("queued").deadline(deadline).build());
        assertThat(expired.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(expired.error()).isEqualTo("deadline_exceeded");
        assertThat(expired.output()).isNull();
        assertThat(first).isNotDone();
        assertThat(pool.metrics().queued()).isZero();
        first.cancel(true);
    }

    @Test
    void fullQueueRejectsAndCounts() {
        LocalPool pool = noopPool(LocalPoolSettings.DEFAULTS.withQueueSize(1), 1, 1);
        CompletableFuture<TaskResult> block = pool.execute(blocker()).toCompletableFuture();
        CompletableFuture<TaskResult> queued = pool.execute(Task.ofPrompt("waits")).toCompletableFuture();

        CompletableFuture<TaskResult> third = pool.execute(Task.ofPrompt("too many")).toCompletableFuture();

        assertThatThrownBy(third::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(RejectedExecutionException.class)
                .hasMessageStartingWith("queue_full:").hasMessageContaining(pool.id())
                .hasMessageContaining("queue_size) is 1");
        assertThat(join(pool.health().toCompletableFuture()).details()).containsEntry("tasks_rejected", 1L);
        block.cancel(true);
        assertThat(join(queued).output()).isEqualTo("waits");
    }

    @Test
    void queueSizeZeroMeansNoWaiting() {
        LocalPool pool = noopPool(LocalPoolSettings.DEFAULTS.withQueueSize(0), 1, 1);
        CompletableFuture<TaskResult> block = pool.execute(blocker()).toCompletableFuture();

        assertThatThrownBy(() -> pool.execute(Task.ofPrompt("no room")).toCompletableFuture().join())
                .hasCauseInstanceOf(RejectedExecutionException.class);
        block.cancel(true);
    }

    @Test
    void cancelledWaitingTaskNeverRuns() {
        LocalPool pool = noopPool(LocalPoolSettings.DEFAULTS, 1, 1);
        CompletableFuture<TaskResult> block = pool.execute(blocker()).toCompletableFuture();
        Task doomed = Task.ofPrompt("never");
        CompletableFuture<TaskResult> waiting = pool.execute(doomed).toCompletableFuture();
        assertThat(pool.metrics().queued()).isEqualTo(1);

        waiting.cancel(true);

        assertThat(pool.metrics().queued()).isZero();
        block.cancel(true);
        TaskResult after = run(pool, Task.ofPrompt("after"));
        assertThat(after.status()).isEqualTo(TaskStatus.COMPLETED);
        List<MemoryItem> ran = join(pool.collectMemory(null).toCompletableFuture()).items();
        assertThat(ran).extracting(i -> i.metadata().get("task_id")).doesNotContain(doomed.id())
                .contains(after.taskId());
    }

    @Test
    void timeoutAppliesToNoopDelaysFromTheTaskStart() {
        LocalPool pool = noopPool(LocalPoolSettings.DEFAULTS, 1, 1);

        TaskResult r = run(pool, Task.builder().prompt("slow").timeoutSeconds(1)
                .attribute(NoopRunner.DELAY_MS, "60000").build());

        assertThat(r.status()).isEqualTo(TaskStatus.TIMEOUT);
        assertThat(r.error()).isEqualTo("Task timed out after 1 s");
        assertThat(r.workerId()).isEqualTo(pool.id() + "-w1");
    }

    @Test
    void stopCancelsWaitingAndRunningTasksAndRefusesNewOnes() {
        LocalPool pool = noopPool(LocalPoolSettings.DEFAULTS, 1, 1);
        CompletableFuture<TaskResult> running = pool.execute(blocker()).toCompletableFuture();
        CompletableFuture<TaskResult> waiting = pool.execute(Task.ofPrompt("waits")).toCompletableFuture();

        join(pool.stop().toCompletableFuture());

        assertThat(pool.status()).isEqualTo(PoolStatus.STOPPED);
        TaskResult r1 = join(running);
        TaskResult r2 = join(waiting);
        assertThat(r1.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(r1.error()).isEqualTo("pool stopped");
        assertThat(r2.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(r2.error()).isEqualTo("pool stopped");
        assertThatThrownBy(() -> pool.execute(Task.ofPrompt("late")).toCompletableFuture().join())
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("pool " + pool.id() + " is stopped");
        assertThat(join(pool.health().toCompletableFuture()).status()).isEqualTo(HealthStatus.UNHEALTHY);
        join(pool.stop().toCompletableFuture()); // idempotent
    }

    @Test
    void scaleUpDispatchesWaitingTasksAtOnce() {
        pools = new TestPools(LocalPoolSettings.DEFAULTS);
        LocalPool pool = pools.start("noop", 1, 4);
        TestPools.Context ctx = pools.contextOf(pool);
        List<CompletableFuture<TaskResult>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(pool.execute(blocker()).toCompletableFuture());
        }
        assertThat(pool.metrics().activeWorkers()).isEqualTo(1);
        int changesBefore = ctx.changes.get();

        join(pool.scale(3).toCompletableFuture());

        assertThat(pool.metrics().activeWorkers()).isEqualTo(3);
        assertThat(pool.metrics().totalWorkers()).isEqualTo(3);
        assertThat(pool.metrics().queued()).isEqualTo(1);
        assertThat(pool.status()).isEqualTo(PoolStatus.RUNNING);
        assertThat(ctx.changes.get()).isGreaterThan(changesBefore);
        tasks.forEach(f -> f.cancel(true));
    }

    @Test
    void scaleDownLetsRunningTasksFinishThenRetiresTheirWorkersAndIdsAreNotReused() {
        pools = new TestPools(LocalPoolSettings.DEFAULTS);
        LocalPool pool = pools.start("noop", 1, 3);
        join(pool.scale(3).toCompletableFuture());
        List<CompletableFuture<TaskResult>> busy = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            busy.add(pool.execute(Task.builder().prompt("busy" + i).attribute(NoopRunner.DELAY_MS, "300").build())
                    .toCompletableFuture());
        }

        join(pool.scale(1).toCompletableFuture());

        assertThat(busy.stream().map(TestPools::join).map(TaskResult::status)).containsOnly(TaskStatus.COMPLETED);
        assertThat(pool.metrics().totalWorkers()).isEqualTo(1);
        assertThat(pool.metrics().activeWorkers()).isZero();

        join(pool.scale(2).toCompletableFuture());
        List<CompletableFuture<TaskResult>> two = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            two.add(pool.execute(Task.builder().prompt("p").attribute(NoopRunner.DELAY_MS, "50").build())
                    .toCompletableFuture());
        }
        assertThat(two.stream().map(TestPools::join).map(TaskResult::workerId))
                .containsExactlyInAnyOrder(pool.id() + "-w1", pool.id() + "-w4");
    }

    @Test
    void scaleOutsideBoundsIsAValidationError() {
        LocalPool pool = noopPool(LocalPoolSettings.DEFAULTS, 1, 3);

        assertThatThrownBy(() -> pool.scale(4).toCompletableFuture().join())
                .cause().isInstanceOf(ValidationException.class)
                .hasMessage("target_workers must be between min_workers=1 and max_workers=3 (got: 4)");
        assertThatThrownBy(() -> pool.scale(0).toCompletableFuture().join())
                .hasCauseInstanceOf(ValidationException.class);
        assertThat(pool.status()).isEqualTo(PoolStatus.RUNNING);
    }

    @Test
    void healthReportsWorkersQueueAndCounters() {
        LocalPool pool = noopPool(LocalPoolSettings.DEFAULTS, 2, 2);
        run(pool, Task.ofPrompt("ok"));
        run(pool, Task.builder().prompt("x").attribute(NoopRunner.FAIL, "no").build());

        PoolHealth h = join(pool.health().toCompletableFuture());

        assertThat(h.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(h.poolType()).isEqualTo("mahavishnu");
        assertThat(h.details()).containsEntry("workers_active", 0).containsEntry("workers", 2)
                .containsEntry("queued", 0).containsEntry("tasks_completed", 1L).containsEntry("tasks_failed", 1L)
                .containsEntry("tasks_rejected", 0L).containsEntry("worker_type", "noop")
                .containsEntry("pool_status", "running");
    }

    @Test
    void memoryCursorReturnsEachItemOnce() {
        LocalPool pool = noopPool(LocalPoolSettings.DEFAULTS, 1, 1);
        run(pool, Task.ofPrompt("a"));
        run(pool, Task.ofPrompt("b"));

        MemoryBatch first = join(pool.collectMemory(null).toCompletableFuture());
        assertThat(first.items()).extracting(MemoryItem::content).containsExactly("a", "b");
        MemoryItem a = first.items().get(0);
        assertThat(a.id()).startsWith(pool.id() + ":");
        assertThat(a.poolType()).isEqualTo("mahavishnu");
        assertThat(a.metadata()).containsEntry("type", "pool_worker_execution").containsEntry("pool_id", pool.id())
                .containsEntry("pool_type", "mahavishnu").containsEntry("worker_id", pool.id() + "-w1")
                .containsEntry("status", "completed").containsKeys("timestamp", "duration_seconds", "exit_code",
                        "error", "task_id");

        run(pool, Task.ofPrompt("c"));
        MemoryBatch second = join(pool.collectMemory(first.nextCursor()).toCompletableFuture());
        assertThat(second.items()).extracting(MemoryItem::content).containsExactly("c");
        MemoryBatch third = join(pool.collectMemory(second.nextCursor()).toCompletableFuture());
        assertThat(third.items()).isEmpty();
        assertThat(third.nextCursor()).isEqualTo(second.nextCursor());

        assertThatThrownBy(() -> pool.collectMemory("abc").toCompletableFuture().join())
                .cause().isInstanceOf(ValidationException.class).hasMessageStartingWith("cursor ");
    }

    @Test
    void memoryKeepsOnlyTheNewestItems() {
        LocalPool pool = noopPool(LocalPoolSettings.DEFAULTS.withMemoryItemsRetained(2), 1, 1);
        for (String p : List.of("a", "b", "c")) {
            run(pool, Task.ofPrompt(p));
        }

        assertThat(join(pool.collectMemory(null).toCompletableFuture()).items()).extracting(MemoryItem::content)
                .containsExactly("b", "c");
    }

    @Test
    void tasksBeforeStartAreRefused() {
        pools = new TestPools(LocalPoolSettings.DEFAULTS);
        LocalPool pool = pools.create("noop", 1, 1);

        assertThat(pool.status()).isEqualTo(PoolStatus.PENDING);
        assertThatThrownBy(() -> pool.execute(Task.ofPrompt("x")).toCompletableFuture().join())
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("not running (status pending)");
    }

    @Test
    void manyTasksWithCancellationsAndScalingAllEndAndLeaveNothingBehind() {
        pools = new TestPools(LocalPoolSettings.DEFAULTS);
        LocalPool pool = pools.start("noop", 2, 6);
        java.util.Random random = new java.util.Random(42);
        List<CompletableFuture<TaskResult>> futures = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            Task t = Task.builder().prompt("t" + i).priority(random.nextInt(10))
                    .attribute(NoopRunner.DELAY_MS, Integer.toString(random.nextInt(3))).build();
            futures.add(pool.execute(t).toCompletableFuture());
            if (i % 7 == 3) {
                futures.get(random.nextInt(futures.size())).cancel(true);
            }
            if (i % 100 == 50) {
                pool.scale(2 + random.nextInt(5));
            }
        }

        for (CompletableFuture<TaskResult> f : futures) {
            try {
                TestPools.join(f);
            } catch (AssertionError e) {
                assertThat(f.isCancelled()).as("only cancelled futures end without a result").isTrue();
            }
        }

        TestPools.join(pool.stop().toCompletableFuture());
        PoolHealth h = join(pool.health().toCompletableFuture());
        assertThat((Long) h.details().get("tasks_completed") + (Long) h.details().get("tasks_failed")).isEqualTo(600);
        assertThat(pool.metrics().activeWorkers()).isZero();
        assertThat(pool.metrics().queued()).isZero();
    }
}

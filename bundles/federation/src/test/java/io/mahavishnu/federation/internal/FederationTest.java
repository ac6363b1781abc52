package io.mahavishnu.federation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.manager.RemotePool;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.trace.CallSpan;
import io.mahavishnu.api.trace.CallTracer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two federations on one shared in-memory bus: announcement, delegation, loss of the owner, restart, cancel. */
class FederationTest {

    private static final FederationSettings FAST = new FederationSettings(Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1));
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private final SharedBus bus = new SharedBus();
    private final List<PoolFederationImpl> started = new CopyOnWriteArrayList<>();
    private final FakeManager managerA = new FakeManager();
    private final FakeManager managerB = new FakeManager();

    @AfterEach
    void stop() {
        started.forEach(PoolFederationImpl::deactivate);
        bus.close();
    }

    private PoolFederationImpl start(SharedBus.View view, FakeManager manager) {
        PoolFederationImpl f = new PoolFederationImpl(view, manager, FAST);
        started.add(f);
        return f;
    }

    @Test
    void aRemotePoolIsListedAndRunsADelegatedTaskThatContinuesTheTrace() throws Exception {
        PoolFederationImpl a = start(bus.view("rt-a"), managerA);
        start(bus.view("rt-b"), managerB);
        managerB.addPool("mahavishnu_b1", 2);
        RemotePool pool = awaitPool(a, "mahavishnu_b1");
        assertThat(pool.runtimeId()).isEqualTo("rt-b");
        assertThat(pool.capacity()).isEqualTo(2);
        assertThat(a.runtimeId()).isEqualTo("rt-a");

        RecordingTracer tracer = new RecordingTracer();
        a.bindCallTracer(tracer);
        Task task = Task.builder().prompt("hello").attribute(Task.ATTR_TRACEPARENT, TRACEPARENT).build();
        CompletableFuture<TaskResult> result = a.delegate(pool, task).toCompletableFuture();
        eventually(() -> managerB.started.containsKey(task.id()));
        // B runs the task in A's delegate span, so its spans join the caller's trace
        assertThat(managerB.tasks.get(task.id()).attributes().get(Task.ATTR_TRACEPARENT))
                .isEqualTo(tracer.spans.get(0).traceparent());
        assertThat(tracer.parents).containsExactly(TRACEPARENT);
        managerB.finish(task.id(), "hi from b");

        TaskResult r = result.get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(r.output()).isEqualTo("hi from b");
        assertThat(r.poolId()).isEqualTo("mahavishnu_b1");
        assertThat(r.metadata()).containsEntry("runtime_id", "rt-b");
        assertThat(a.session().delegations().pendingCount()).isZero();
    }

    @Test
    void aTaskRetriedOnAnotherPoolOfTheSameRuntimeRunsThereToo() throws Exception {
        PoolFederationImpl a = start(bus.view("rt-a"), managerA);
        start(bus.view("rt-b"), managerB);
        managerB.addPool("mahavishnu_b1", 1);
        managerB.addPool("mahavishnu_b2", 1);
        RemotePool first = awaitPool(a, "mahavishnu_b1");
        RemotePool second = awaitPool(a, "mahavishnu_b2");
        Task task = Task.builder().prompt("again").idempotent(true).build();
        CompletableFuture<TaskResult> firstTry = a.delegate(first, task).toCompletableFuture();
        eventually(() -> managerB.started.containsKey(task.id()));
        CompletableFuture<TaskResult> firstRun = managerB.started.get(task.id());
        // The router retries from the first result's callback, before the federation has cleaned up after it
        CompletableFuture<CompletableFuture<TaskResult>> retry = new CompletableFuture<>();
        firstTry.whenComplete((r, e) -> retry.complete(a.delegate(second, task).toCompletableFuture()));

        firstRun.complete(TaskResult.unsuccessful(task, "?", TaskStatus.FAILED, "boom", Duration.ZERO));
        assertThat(firstTry.get(10, TimeUnit.SECONDS).error()).isEqualTo("boom");
        CompletableFuture<TaskResult> secondTry = retry.get(10, TimeUnit.SECONDS);
        eventually(() -> managerB.started.get(task.id()) != firstRun);
        managerB.finish(task.id(), "second try");
        TaskResult r = secondTry.get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(r.output()).isEqualTo("second try");
        assertThat(r.poolId()).isEqualTo("mahavishnu_b2");
        assertThat(a.session().delegations().pendingCount()).isZero();
    }

    @Test
    void anOwnerKilledWhileRunningFailsTheTaskAsAttemptedAndLeavesRouting() throws Exception {
        PoolFederationImpl a = start(bus.view("rt-a"), managerA);
        SharedBus.View viewB = bus.view("rt-b");
        start(viewB, managerB);
        managerB.addPool("mahavishnu_b1", 1);
        RemotePool pool = awaitPool(a, "mahavishnu_b1");
        Task task = Task.ofPrompt("long");
        CompletableFuture<TaskResult> result = a.delegate(pool, task).toCompletableFuture();
        eventually(() -> managerB.started.containsKey(task.id()));

        viewB.kill();
        TaskResult r = result.get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(r.error()).contains("runtime rt-b was lost (no heartbeat for").contains("may or may not have run");
        assertThat(r.metadata()).containsEntry("runtime_id", "rt-b").doesNotContainKey("attempted");
        assertThat(a.remotePools()).isEmpty();
    }

    @Test
    void aTaskNeverAcknowledgedFailsAsNotAttempted() throws Exception {
        PoolFederationImpl a = start(bus.view("rt-a"), managerA);
        start(bus.view("rt-b"), managerB);
        managerB.addPool("mahavishnu_b1", 1);
        RemotePool pool = awaitPool(a, "mahavishnu_b1");
        bus.drop = m -> m.type() == MessageType.TASK_DELEGATE;

        TaskResult r = a.delegate(pool, Task.ofPrompt("lost")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(r.error()).contains("did not acknowledge").contains("accept_timeout_seconds");
        assertThat(r.metadata()).containsEntry("attempted", false);
    }

    @Test
    void aRestartedOwnerFailsWhatItHadAndRefusesWhatWasSentToItsPreviousRun() throws Exception {
        PoolFederationImpl a = start(bus.view("rt-a"), managerA);
        PoolFederationImpl b = start(bus.view("rt-b"), managerB);
        managerB.addPool("mahavishnu_b1", 1);
        RemotePool pool = awaitPool(a, "mahavishnu_b1");
        Task task = Task.ofPrompt("first");
        CompletableFuture<TaskResult> result = a.delegate(pool, task).toCompletableFuture();
        eventually(() -> managerB.started.containsKey(task.id()));

        // B stops without a goodbye and starts again under the same id: a new incarnation
        bus.drop = m -> m.type() == MessageType.HEARTBEAT && "leaving".equals(m.payload().get("state"));
        b.deactivate();
        started.remove(b);
        FakeManager restartedB = new FakeManager();
        restartedB.addPool("mahavishnu_b1", 1);
        start(bus.view("rt-b"), restartedB);
        TaskResult r = result.get(10, TimeUnit.SECONDS);
        assertThat(r.error()).contains("runtime rt-b was lost (it restarted)");
        assertThat(restartedB.started).isEmpty();
    }

    @Test
    void aRuntimeThatStopsIsDroppedAtOnce() throws Exception {
        PoolFederationImpl a = start(bus.view("rt-a"), managerA);
        PoolFederationImpl b = start(bus.view("rt-b"), managerB);
        managerB.addPool("mahavishnu_b1", 1);
        RemotePool pool = awaitPool(a, "mahavishnu_b1");
        CompletableFuture<TaskResult> result = a.delegate(pool, Task.ofPrompt("x")).toCompletableFuture();
        eventually(() -> !managerB.started.isEmpty());
        b.deactivate();
        started.remove(b);
        TaskResult r = result.get(10, TimeUnit.SECONDS);
        assertThat(r.error()).contains("(it stopped)");
        assertThat(a.remotePools()).isEmpty();
    }

    @Test
    void cancellingADelegatedTaskCancelsItOnTheOwner() throws Exception {
        PoolFederationImpl a = start(bus.view("rt-a"), managerA);
        start(bus.view("rt-b"), managerB);
        managerB.addPool("mahavishnu_b1", 1);
        RemotePool pool = awaitPool(a, "mahavishnu_b1");
        Task task = Task.ofPrompt("stop me");
        CompletableFuture<TaskResult> result = a.delegate(pool, task).toCompletableFuture();
        eventually(() -> managerB.started.containsKey(task.id()));
        result.cancel(true);
        eventually(() -> managerB.cancelled.contains(task.id()));
    }

    @Test
    void aTaskForAPoolTheOwnerDoesNotHaveIsRefusedAsNotAttempted() throws Exception {
        PoolFederationImpl a = start(bus.view("rt-a"), managerA);
        start(bus.view("rt-b"), managerB);
        managerB.addPool("mahavishnu_b1", 1);
        RemotePool pool = awaitPool(a, "mahavishnu_b1");
        managerB.pools.clear(); // closed there before the next announcement
        TaskResult r = a.delegate(pool, Task.ofPrompt("x")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(r.error()).contains("runtime rt-b did not run the task: pool mahavishnu_b1 does not exist");
        assertThat(r.metadata()).containsEntry("attempted", false);
    }

    private static RemotePool awaitPool(PoolFederationImpl f, String poolId) throws InterruptedException {
        eventually(() -> f.remotePools().stream().anyMatch(p -> p.poolId().equals(poolId)));
        return f.remotePools().stream().filter(p -> p.poolId().equals(poolId)).findFirst().orElseThrow();
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            TimeUnit.MILLISECONDS.sleep(10); // heartbeats arrive on the bus's delivery thread
        }
    }

    /** Records the spans started, each with a traceparent of its own. */
    static final class RecordingTracer implements CallTracer {
        final List<CallSpan> spans = new CopyOnWriteArrayList<>();
        final List<String> parents = new CopyOnWriteArrayList<>();

        @Override
        public CallSpan start(String name, Kind kind, String parent, Map<String, Object> attributes) {
            parents.add(parent);
            String own = "00-0af7651916cd43dd8448eb211c80319c-" + String.format("%016x", spans.size() + 1) + "-01";
            CallSpan span = CallSpan.of(own);
            spans.add(span);
            return span;
        }
    }
}

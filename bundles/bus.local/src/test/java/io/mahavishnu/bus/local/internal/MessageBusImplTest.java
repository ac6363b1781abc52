package io.mahavishnu.bus.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.bus.BusRejectedException;
import io.mahavishnu.api.bus.BusStats;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.pool.ValidationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Publishing, queues and stats: the original's scenarios and the fixed bugs. */
class MessageBusImplTest extends BusTestSupport {

    // --- the original's scenarios ------------------------------------------------------------------------

    @Test
    void subscriberReceivesPublishedMessage() throws Exception {
        MessageBus bus = localBus(BusSettings.DEFAULTS);
        Recorder recorder = new Recorder();
        bus.subscribe(Set.of(MessageType.TASK_DELEGATE), recorder);

        bus.publish(Message.of(MessageType.TASK_DELEGATE, "pool_abc", null, Map.of("task", "t1")));

        recorder.await(1);
        Message got = recorder.snapshot().get(0);
        assertThat(got.type()).isEqualTo(MessageType.TASK_DELEGATE);
        assertThat(got.sourcePoolId()).isEqualTo("pool_abc");
        assertThat(got.payload()).containsEntry("task", "t1");
    }

    @Test
    void targetedMessageIsReceivableFromTheTargetQueue() throws Exception {
        MessageBus bus = localBus(BusSettings.DEFAULTS);
        Message sent = targeted("pool_xyz", 0);

        bus.publish(sent);

        assertThat(bus.receive("pool_xyz", Duration.ofSeconds(1))).contains(sent);
    }

    @Test
    void receiveOnUnknownPoolWithShortTimeoutReturnsEmpty() throws Exception {
        MessageBus bus = localBus(BusSettings.DEFAULTS);

        assertThat(bus.receive("pool_unknown", Duration.ofMillis(100))).isEmpty();
    }

    @Test
    void receiveBatchReturnsQueuedMessagesInFifoOrder() throws Exception {
        MessageBus bus = localBus(BusSettings.DEFAULTS);
        for (int i = 0; i < 3; i++) {
            bus.publish(targeted("pool_a", i));
        }

        List<Message> batch = bus.receiveBatch("pool_a", 5, Duration.ofSeconds(1));

        assertThat(indices(batch)).containsExactly(0, 1, 2);
        assertThat(bus.queueSize("pool_a")).isZero();
    }

    @Test
    void statsExposeQueuesSubscribersBoundAndCounters() {
        MessageBus bus = localBus(maxQueue(10));
        bus.subscribe(Set.of(MessageType.TASK_DELEGATE), m -> { });
        bus.subscribe(Set.of(), m -> { });
        bus.publish(targeted("pool_a", 0));
        bus.publish(targeted("pool_a", 1));
        bus.publish(targeted("pool_b", 2));

        BusStats stats = bus.stats();

        assertThat(stats.transport()).isEqualTo("local");
        assertThat(stats.poolsWithQueues()).isEqualTo(2);
        assertThat(stats.queueSizes()).containsExactlyInAnyOrderEntriesOf(Map.of("pool_a", 2, "pool_b", 1));
        assertThat(stats.subscriberCounts()).containsOnlyKeys("task_delegate", "result_share", "status_update",
                "heartbeat", "pool_created", "pool_closed", "task_completed");
        assertThat(stats.subscriberCounts()).containsEntry("task_delegate", 2).containsEntry("heartbeat", 1);
        assertThat(stats.maxQueueSize()).isEqualTo(10);
        assertThat(stats.published()).isEqualTo(3);
        assertThat(stats.rejected()).isZero();
    }

    @Test
    void clearQueueReturnsTheCountAndEmptiesTheQueue() {
        MessageBus bus = localBus(BusSettings.DEFAULTS);
        for (int i = 0; i < 5; i++) {
            bus.publish(targeted("pool_a", i));
        }

        assertThat(bus.clearQueue("pool_a")).isEqualTo(5);
        assertThat(bus.queueSize("pool_a")).isZero();
        assertThat(bus.stats().queueSizes()).containsEntry("pool_a", 0);
    }

    // --- fixed bugs --------------------------------------------------------------------------------------

    @Test
    void fullQueueRejectsTheMessageExplicitlyAndCountsIt() {
        MessageBus bus = localBus(maxQueue(10));
        for (int i = 0; i < 10; i++) {
            bus.publish(targeted("pool_a", i));
        }
        Message eleventh = targeted("pool_a", 10);

        assertThatThrownBy(() -> bus.publish(eleventh))
                .isInstanceOf(BusRejectedException.class)
                .hasMessageContaining("Queue of pool pool_a is full (max_queue_size=10)")
                .hasMessageContaining("task_delegate message " + eleventh.id());

        assertThat(bus.stats().rejected()).isEqualTo(1);
        assertThat(bus.stats().published()).isEqualTo(10);
        assertThat(bus.queueSize("pool_a")).isEqualTo(10);
    }

    @Test
    void rejectedMessageReachesNoSubscriber() throws Exception {
        MessageBus bus = localBus(maxQueue(1));
        Recorder recorder = new Recorder();
        bus.subscribe(Set.of(), recorder);
        bus.publish(targeted("pool_a", 0));
        assertThatThrownBy(() -> bus.publish(targeted("pool_a", 1))).isInstanceOf(BusRejectedException.class);

        // Handlers run in publish order, so once the marker arrived the rejected message would have too.
        bus.publish(broadcast(MessageType.HEARTBEAT, 2));
        recorder.await(2);

        assertThat(indices(recorder.snapshot())).containsExactly(0, 2);
    }

    @Test
    void zeroTimeoutNeverWaits() throws Exception {
        MessageBus bus = localBus(BusSettings.DEFAULTS);

        assertThat(await(() -> bus.receiveBatch("pool_a", 5, Duration.ZERO))).isEmpty();
        assertThat(await(() -> bus.receive("pool_a", Duration.ZERO))).isEmpty();

        bus.publish(targeted("pool_a", 0));
        bus.publish(targeted("pool_a", 1));
        assertThat(indices(await(() -> bus.receiveBatch("pool_a", 5, Duration.ZERO)))).containsExactly(0, 1);
    }

    @Test
    void receiveBatchTakesAtMostMax() throws Exception {
        MessageBus bus = localBus(BusSettings.DEFAULTS);
        for (int i = 0; i < 5; i++) {
            bus.publish(targeted("pool_a", i));
        }

        assertThat(indices(bus.receiveBatch("pool_a", 2, Duration.ZERO))).containsExactly(0, 1);
        assertThat(indices(bus.receiveBatch("pool_a", 10, Duration.ZERO))).containsExactly(2, 3, 4);
    }

    @Test
    void waitingReceiverGetsALaterMessage() throws Exception {
        MessageBus bus = localBus(BusSettings.DEFAULTS);
        CompletableFuture<Optional<Message>> waiting = CompletableFuture.supplyAsync(
                () -> uncheck(() -> bus.receive("pool_a", Duration.ofSeconds(AWAIT_SECONDS))));
        Message sent = targeted("pool_a", 0);

        bus.publish(sent);

        assertThat(waiting.get(AWAIT_SECONDS, TimeUnit.SECONDS)).contains(sent);
    }

    @Test
    void removeQueueDeletesTheQueue() {
        MessageBus bus = localBus(BusSettings.DEFAULTS);
        for (int i = 0; i < 3; i++) {
            bus.publish(targeted("pool_a", i));
        }
        bus.publish(targeted("pool_b", 3));

        assertThat(bus.removeQueue("pool_a")).isEqualTo(3);

        assertThat(bus.stats().queueSizes()).containsOnlyKeys("pool_b");
        assertThat(bus.stats().poolsWithQueues()).isEqualTo(1);
        assertThat(bus.removeQueue("pool_a")).isZero();
    }

    @Test
    void invalidInputsNameTheField() {
        MessageBus bus = localBus(BusSettings.DEFAULTS);
        Duration second = Duration.ofSeconds(1);

        assertField(() -> bus.publish(null), "message");
        assertField(() -> bus.receive(null, second), "pool_id");
        assertField(() -> bus.receive(" ", second), "pool_id");
        assertField(() -> bus.receive("pool_a", null), "timeout");
        assertField(() -> bus.receive("pool_a", Duration.ofMillis(-1)), "timeout");
        assertField(() -> bus.receiveBatch("", 5, second), "pool_id");
        assertField(() -> bus.receiveBatch("pool_a", 0, second), "max");
        assertField(() -> bus.receiveBatch("pool_a", 5, Duration.ofSeconds(-1)), "timeout");
        assertField(() -> bus.subscribe(Set.of(MessageType.HEARTBEAT), null), "handler");
        assertField(() -> bus.subscribe(null, m -> { }), "types");
        assertField(() -> bus.subscribe(new HashSet<>(Arrays.asList(MessageType.HEARTBEAT, null)),
                m -> { }), "types");
        assertField(() -> bus.queueSize(""), "pool_id");
        assertField(() -> bus.clearQueue(null), "pool_id");
        assertField(() -> bus.removeQueue(" "), "pool_id");
        assertThat(bus.stats().rejected()).isZero();
    }

    @Test
    void withoutTransportPublishIsRejectedAndCounted() {
        MessageBus bus = bus(BusSettings.DEFAULTS);

        assertThatThrownBy(() -> bus.publish(targeted("pool_a", 0)))
                .isInstanceOf(BusRejectedException.class)
                .hasMessageStartingWith("No bus transport is active (configured: local, deployed: [])");
        assertThatThrownBy(() -> bus.receive("pool_a", Duration.ZERO)).isInstanceOf(BusRejectedException.class);
        assertThatThrownBy(() -> bus.clearQueue("pool_a")).isInstanceOf(BusRejectedException.class);

        BusStats stats = bus.stats();
        assertThat(stats.transport()).isEqualTo("none");
        assertThat(stats.rejected()).isEqualTo(1);
        assertThat(stats.published()).isZero();
        assertThat(bus.queueSize("pool_a")).isZero();
    }

    @Test
    void subscribersSeeTargetedMessagesOfTheirTypesOnly() throws Exception {
        MessageBus bus = localBus(BusSettings.DEFAULTS);
        Recorder delegates = new Recorder();
        Recorder all = new Recorder();
        bus.subscribe(EnumSet.of(MessageType.TASK_DELEGATE), delegates);
        bus.subscribe(Set.of(), all);

        bus.publish(broadcast(MessageType.HEARTBEAT, 0));
        bus.publish(targeted("pool_b", 1));
        all.await(2);
        delegates.await(1);
        ((MessageBusImpl) bus).deactivate();

        assertThat(indices(all.snapshot())).containsExactly(0, 1);
        assertThat(indices(delegates.snapshot())).containsExactly(1);
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private static void assertField(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    private interface Blocking<T> {
        T call() throws Exception;
    }

    /** Runs a call that must not block: it gets a generous bound only to fail instead of hanging. */
    private static <T> T await(Blocking<T> call) throws InterruptedException, ExecutionException {
        try {
            return CompletableFuture.supplyAsync(() -> uncheck(call)).get(AWAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("call blocked for " + AWAIT_SECONDS + " s", e);
        }
    }

    private static <T> T uncheck(Blocking<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.mahavishnu.bus.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageHandler;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.bus.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Delivery to subscribers: threads, order, closing, failures and full buffers. */
class SubscriptionTest extends BusTestSupport {

    @Test
    void handlerRunsOnABusThreadNotThePublishers() throws Exception {
        MessageBusImpl bus = localBus(BusSettings.DEFAULTS);
        Recorder recorder = new Recorder();
        bus.subscribe(Set.of(), recorder);

        bus.publish(broadcast(MessageType.HEARTBEAT, 0));

        recorder.await(1);
        Thread handlerThread = recorder.threads.get(0);
        assertThat(handlerThread).isNotSameAs(Thread.currentThread());
        assertThat(handlerThread.getName()).startsWith("mahavishnu-bus-handler-");
    }

    @Test
    void eachSubscriptionGetsEveryMessageInOrderOneAtATime() throws Exception {
        MessageBusImpl bus = localBus(settings(1000, "local", 10_000, 4));
        int count = 5000;
        List<SerialChecker> checkers = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            SerialChecker checker = new SerialChecker();
            checkers.add(checker);
            bus.subscribe(Set.of(), checker);
        }

        for (int i = 0; i < count; i++) {
            bus.publish(broadcast(MessageType.STATUS_UPDATE, i));
        }

        for (SerialChecker checker : checkers) {
            checker.recorder.await(count);
            assertThat(indices(checker.recorder.snapshot())).containsExactlyElementsOf(range(count));
            assertThat(checker.maxConcurrent.get()).isEqualTo(1);
        }
    }

    @Test
    void closingStopsDelivery() throws Exception {
        MessageBusImpl bus = localBus(BusSettings.DEFAULTS);
        Recorder closed = new Recorder();
        Recorder witness = new Recorder();
        Subscription subscription = bus.subscribe(Set.of(), closed);
        bus.subscribe(Set.of(), witness);
        bus.publish(broadcast(MessageType.HEARTBEAT, 0));
        closed.await(1);

        subscription.close();
        subscription.close();
        bus.publish(broadcast(MessageType.HEARTBEAT, 1));
        bus.publish(broadcast(MessageType.HEARTBEAT, 2));
        witness.await(3);
        assertThat(bus.stats().subscriberCounts()).containsEntry("heartbeat", 1);
        bus.deactivate();

        assertThat(indices(closed.snapshot())).containsExactly(0);
    }

    @Test
    void closingDiscardsWaitingMessagesWithoutCountingThem() throws Exception {
        MessageBusImpl bus = localBus(BusSettings.DEFAULTS);
        BlockingHandler handler = new BlockingHandler();
        Subscription subscription = bus.subscribe(Set.of(), handler);
        bus.publish(broadcast(MessageType.HEARTBEAT, 0));
        handler.awaitStarted();
        bus.publish(broadcast(MessageType.HEARTBEAT, 1));
        bus.publish(broadcast(MessageType.HEARTBEAT, 2));

        subscription.close();
        handler.release();
        bus.deactivate();

        assertThat(indices(handler.recorder.snapshot())).containsExactly(0);
        assertThat(bus.stats().delivered()).isEqualTo(1);
    }

    @Test
    void throwingHandlerIsCountedAndOtherHandlersGetEveryMessage() throws Exception {
        MessageBusImpl bus = localBus(BusSettings.DEFAULTS);
        AtomicInteger calls = new AtomicInteger();
        bus.subscribe(Set.of(MessageType.RESULT_SHARE), m -> {
            calls.incrementAndGet();
            throw new IllegalStateException("handler bug");
        });
        Recorder healthy = new Recorder();
        bus.subscribe(Set.of(MessageType.RESULT_SHARE), healthy);
        int count = 20;

        for (int i = 0; i < count; i++) {
            bus.publish(broadcast(MessageType.RESULT_SHARE, i));
        }
        healthy.await(count);
        bus.deactivate(); // waits for the handlers, so the counters are final

        assertThat(indices(healthy.snapshot())).containsExactlyElementsOf(range(count));
        assertThat(calls.get()).isEqualTo(count);
        assertThat(bus.stats().handlerErrors()).isEqualTo(count);
        assertThat(bus.stats().delivered()).isEqualTo(count);
    }

    @Test
    void fullBufferRefusesTheDeliveryAndCountsItAsOverflowed() throws Exception {
        MessageBusImpl bus = localBus(settings(1000, "local", 2, 2));
        BlockingHandler handler = new BlockingHandler();
        bus.subscribe(Set.of(), handler);
        bus.publish(broadcast(MessageType.HEARTBEAT, 0));
        handler.awaitStarted(); // message 0 left the buffer and is in the handler

        bus.publish(broadcast(MessageType.HEARTBEAT, 1));
        bus.publish(broadcast(MessageType.HEARTBEAT, 2));
        bus.publish(broadcast(MessageType.HEARTBEAT, 3)); // buffer holds 1 and 2: refused

        assertThat(bus.stats().overflowed()).isEqualTo(1);
        assertThat(bus.stats().published()).isEqualTo(4);
        handler.release();
        handler.recorder.await(3);
        bus.deactivate();
        assertThat(indices(handler.recorder.snapshot())).containsExactly(0, 1, 2);
        assertThat(bus.stats().delivered()).isEqualTo(3);
    }

    @Test
    void handlerThreadsCanBeChangedWhileRunning() throws Exception {
        MessageBusImpl bus = localBus(BusSettings.DEFAULTS);
        Recorder recorder = new Recorder();
        bus.subscribe(Set.of(), recorder);

        bus.apply(settings(1000, "local", 10_000, 8));
        bus.publish(broadcast(MessageType.HEARTBEAT, 0));
        bus.apply(settings(1000, "local", 10_000, 1));
        bus.publish(broadcast(MessageType.HEARTBEAT, 1));

        recorder.await(2);
        assertThat(indices(recorder.snapshot())).containsExactly(0, 1);
    }

    private static List<Integer> range(int count) {
        List<Integer> expected = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            expected.add(i);
        }
        return expected;
    }

    /** Records messages and the most handler calls that ever overlapped. */
    private static final class SerialChecker implements MessageHandler {
        final Recorder recorder = new Recorder();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();

        @Override
        public void onMessage(Message message) {
            maxConcurrent.accumulateAndGet(inside.incrementAndGet(), Math::max);
            recorder.onMessage(message);
            inside.decrementAndGet();
        }
    }

    /** Blocks in its first call until released, so messages pile up in its buffer. */
    private static final class BlockingHandler implements MessageHandler {
        final Recorder recorder = new Recorder();
        private final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void onMessage(Message message) {
            started.countDown();
            try {
                release.await(AWAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            recorder.onMessage(message);
        }

        void awaitStarted() throws InterruptedException {
            assertThat(started.await(AWAIT_SECONDS, TimeUnit.SECONDS)).as("handler started").isTrue();
        }

        void release() {
            release.countDown();
        }
    }
}

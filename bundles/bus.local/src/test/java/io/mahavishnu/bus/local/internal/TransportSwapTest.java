package io.mahavishnu.bus.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.bus.BusRejectedException;
import io.mahavishnu.api.bus.BusTransport;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Choosing and switching transports: nothing accepted is lost, every loss is counted. */
class TransportSwapTest extends BusTestSupport {

    @Test
    void switchingTheConfiguredTransportMovesQueuedMessagesInOrder() throws Exception {
        MessageBusImpl bus = bus(maxQueue(100));
        LocalTransport local = new LocalTransport();
        LocalTransport other = new LocalTransport();
        bus.bindBusTransport(local, props("local"));
        bus.bindBusTransport(other, props("other"));
        Recorder subscriber = new Recorder();
        bus.subscribe(Set.of(), subscriber);
        for (int i = 0; i < 5; i++) {
            bus.publish(targeted("pool_a", i));
        }
        bus.publish(targeted("pool_b", 5));
        bus.publish(targeted("pool_b", 6));

        bus.apply(settings(100, "other", 10_000, 2));

        assertThat(bus.stats().transport()).isEqualTo("other");
        assertThat(other.sizes()).containsExactlyInAnyOrderEntriesOf(Map.of("pool_a", 5, "pool_b", 2));
        assertThat(local.sizes()).isEmpty();
        assertThat(indices(bus.receiveBatch("pool_a", 10, Duration.ZERO))).containsExactly(0, 1, 2, 3, 4);
        assertThat(indices(bus.receiveBatch("pool_b", 10, Duration.ZERO))).containsExactly(5, 6);
        // Subscribers had the moved messages when they were published, and get no second copy.
        bus.publish(broadcast(MessageType.HEARTBEAT, 7));
        subscriber.await(8);
        bus.deactivate();
        assertThat(indices(subscriber.snapshot())).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(bus.stats().rejected()).isZero();
    }

    @Test
    void configuredTransportNotDeployedFallsBackToLocalUntilItArrives() throws Exception {
        MessageBusImpl bus = bus(settings(100, "redis", 10_000, 2));
        bus.bindBusTransport(new LocalTransport(), props("local"));

        assertThat(bus.stats().transport()).isEqualTo("local");
        bus.publish(targeted("pool_a", 0));
        bus.publish(targeted("pool_a", 1));

        LocalTransport redis = new LocalTransport();
        bus.bindBusTransport(redis, props("redis"));

        assertThat(bus.stats().transport()).isEqualTo("redis");
        assertThat(redis.size("pool_a")).isEqualTo(2);
        assertThat(indices(bus.receiveBatch("pool_a", 10, Duration.ZERO))).containsExactly(0, 1);
    }

    @Test
    void removingTheActiveTransportMovesItsMessagesToLocal() throws Exception {
        MessageBusImpl bus = bus(settings(100, "other", 10_000, 2));
        LocalTransport other = new LocalTransport();
        bus.bindBusTransport(new LocalTransport(), props("local"));
        bus.bindBusTransport(other, props("other"));
        assertThat(bus.stats().transport()).isEqualTo("other");
        for (int i = 0; i < 3; i++) {
            bus.publish(targeted("pool_a", i));
        }

        bus.unbindBusTransport(other, props("other"));

        assertThat(bus.stats().transport()).isEqualTo("local");
        assertThat(indices(bus.receiveBatch("pool_a", 10, Duration.ZERO))).containsExactly(0, 1, 2);
    }

    @Test
    void receiverWaitingDuringASwitchFollowsItToTheNewTransport() throws Exception {
        MessageBusImpl bus = bus(maxQueue(100));
        PollSignallingTransport local = new PollSignallingTransport();
        bus.bindBusTransport(local, props("local"));
        bus.bindBusTransport(new LocalTransport(), props("other"));
        CompletableFuture<List<Message>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return bus.receiveBatch("pool_a", 1, Duration.ofSeconds(AWAIT_SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(local.polling.await(AWAIT_SECONDS, TimeUnit.SECONDS)).as("receiver polls local").isTrue();

        bus.apply(settings(100, "other", 10_000, 2));
        bus.publish(targeted("pool_a", 0));

        assertThat(indices(waiting.get(AWAIT_SECONDS, TimeUnit.SECONDS))).containsExactly(0);
    }

    @Test
    void lastTransportLeavingCountsItsMessagesAsLost() {
        MessageBusImpl bus = bus(maxQueue(100));
        LocalTransport local = new LocalTransport();
        bus.bindBusTransport(local, props("local"));
        bus.publish(targeted("pool_a", 0));
        bus.publish(targeted("pool_a", 1));

        bus.unbindBusTransport(local, props("local"));

        assertThat(bus.stats().transport()).isEqualTo("none");
        assertThat(bus.stats().lost()).isEqualTo(2);
        assertThat(bus.stats().rejected()).isZero();
        assertThatThrownBy(() -> bus.publish(targeted("pool_a", 2)))
                .isInstanceOf(BusRejectedException.class)
                .hasMessageStartingWith("No bus transport is active (configured: local, deployed: [])");
        assertThat(bus.stats().rejected()).isEqualTo(1);
    }

    @Test
    void messagesTheNewTransportCannotTakeAreCountedAsLost() {
        MessageBusImpl bus = bus(maxQueue(100));
        bus.bindBusTransport(new LocalTransport(), props("local"));
        bus.bindBusTransport(new StubTransport(new BusRejectedException("full")), props("broken"));
        for (int i = 0; i < 3; i++) {
            bus.publish(targeted("pool_a", i));
        }

        bus.apply(settings(100, "broken", 10_000, 2));

        assertThat(bus.stats().transport()).isEqualTo("broken");
        assertThat(bus.stats().lost()).isEqualTo(3);
    }

    @Test
    void smallerQueueBoundReopensTheTransportAndCountsWhatNoLongerFits() throws Exception {
        MessageBusImpl bus = localBus(maxQueue(10));
        for (int i = 0; i < 10; i++) {
            bus.publish(targeted("pool_a", i));
        }

        bus.apply(maxQueue(4));

        assertThat(bus.stats().maxQueueSize()).isEqualTo(4);
        assertThat(bus.stats().lost()).isEqualTo(6);
        assertThat(indices(bus.receiveBatch("pool_a", 10, Duration.ZERO))).containsExactly(0, 1, 2, 3);
        for (int i = 0; i < 4; i++) {
            bus.publish(targeted("pool_a", i));
        }
        assertThatThrownBy(() -> bus.publish(targeted("pool_a", 4)))
                .hasMessageContaining("max_queue_size=4");
    }

    @Test
    void transportThatFailsToOpenIsSkippedForLocal() {
        MessageBusImpl bus = bus(settings(100, "broken", 10_000, 2));
        StubTransport broken = new StubTransport(null);
        broken.failOpen = true;
        bus.bindBusTransport(broken, props("broken"));
        assertThat(bus.stats().transport()).isEqualTo("none");

        bus.bindBusTransport(new LocalTransport(), props("local"));

        assertThat(bus.stats().transport()).isEqualTo("local");
        bus.publish(targeted("pool_a", 0));
        assertThat(bus.queueSize("pool_a")).isEqualTo(1);
    }

    @Test
    void transportRefusalIsRethrownAndFailureIsWrapped() {
        BusRejectedException refusal = new BusRejectedException("quota exceeded");
        MessageBusImpl refusing = bus(settings(100, "stub", 10_000, 2));
        refusing.bindBusTransport(new StubTransport(refusal), props("stub"));
        MessageBusImpl failing = bus(settings(100, "stub", 10_000, 2));
        IllegalStateException failure = new IllegalStateException("connection reset");
        failing.bindBusTransport(new StubTransport(failure), props("stub"));

        assertThatThrownBy(() -> refusing.publish(targeted("pool_a", 0))).isSameAs(refusal);
        assertThatThrownBy(() -> failing.publish(targeted("pool_a", 0)))
                .isInstanceOf(BusRejectedException.class)
                .hasMessageContaining("Bus transport stub failed to accept task_delegate message")
                .hasMessageContaining("connection reset")
                .hasCause(failure);
        assertThat(refusing.stats().rejected()).isEqualTo(1);
        assertThat(failing.stats().rejected()).isEqualTo(1);
    }

    @Test
    void stoppingTheBusClosesTheTransportAndOpensNoOther() {
        MessageBusImpl bus = bus(maxQueue(100));
        LocalTransport local = new LocalTransport();
        bus.bindBusTransport(local, props("local"));
        bus.publish(targeted("pool_a", 0));

        bus.deactivate();
        bus.unbindBusTransport(local, props("local"));
        bus.bindBusTransport(new LocalTransport(), props("local"));

        assertThat(bus.stats().transport()).isEqualTo("none");
        assertThat(local.sizes()).isEmpty();
        assertThatThrownBy(() -> bus.publish(targeted("pool_a", 1))).isInstanceOf(BusRejectedException.class);
    }

    @Test
    void transportRenamedToTheConfiguredNameTakesOver() throws Exception {
        MessageBusImpl bus = bus(settings(100, "redis", 10_000, 2));
        LocalTransport renamed = new LocalTransport();
        bus.bindBusTransport(new LocalTransport(), props("local"));
        bus.bindBusTransport(renamed, props("other"));
        bus.publish(targeted("pool_a", 0));

        bus.updatedBusTransport(renamed, props("redis"));

        assertThat(bus.stats().transport()).isEqualTo("redis");
        assertThat(renamed.size("pool_a")).isEqualTo(1);
        assertThat(indices(bus.receiveBatch("pool_a", 10, Duration.ZERO))).containsExactly(0);
    }

    @Test
    void transportWithoutNameIsIgnored() {
        MessageBusImpl bus = bus(BusSettings.DEFAULTS);

        bus.bindBusTransport(new LocalTransport(), Map.of("service.id", 7L));

        assertThat(bus.stats().transport()).isEqualTo("none");
    }

    /** The local transport, telling when a receiver starts polling it. */
    private static final class PollSignallingTransport extends LocalTransport {
        final CountDownLatch polling = new CountDownLatch(1);

        @Override
        public List<Message> poll(String poolId, int max, Duration timeout) throws InterruptedException {
            polling.countDown();
            return super.poll(poolId, max, timeout);
        }
    }

    /** A transport whose send always throws the given exception; it holds nothing. */
    private static final class StubTransport implements BusTransport {
        private final RuntimeException onSend;
        boolean failOpen;

        StubTransport(RuntimeException onSend) {
            this.onSend = onSend;
        }

        @Override
        public void open(Context context) {
            if (failOpen) {
                throw new IllegalStateException("cannot connect");
            }
        }

        @Override
        public void send(Message message) {
            throw onSend;
        }

        @Override
        public List<Message> poll(String poolId, int max, Duration timeout) {
            return List.of();
        }

        @Override
        public int size(String poolId) {
            return 0;
        }

        @Override
        public int clear(String poolId, boolean remove) {
            return 0;
        }

        @Override
        public Map<String, Integer> sizes() {
            return Map.of();
        }

        @Override
        public List<Message> restore(List<Message> queued) {
            return List.copyOf(queued); // takes nothing
        }

        @Override
        public List<Message> handOver() {
            return List.of();
        }

        @Override
        public void close() {
            // holds nothing
        }
    }
}

package io.mahavishnu.bus.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.bus.BusRejectedException;
import io.mahavishnu.api.bus.BusTransport;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The in-JVM transport on its own. */
class LocalTransportTest {

    private static final long AWAIT_SECONDS = BusTestSupport.AWAIT_SECONDS;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final LocalTransport transport = new LocalTransport();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void targetedMessagesAreQueuedAndDeliveredBroadcastsOnlyDelivered() throws Exception {
        Recording context = new Recording(10);
        transport.open(context);
        Message targeted = BusTestSupport.targeted("pool_a", 0);
        Message broadcast = BusTestSupport.broadcast(MessageType.HEARTBEAT, 1);

        transport.send(targeted);
        transport.send(broadcast);

        assertThat(context.delivered).containsExactly(targeted, broadcast);
        assertThat(transport.sizes()).containsExactlyEntriesOf(Map.of("pool_a", 1));
        assertThat(transport.poll("pool_a", 10, Duration.ZERO)).containsExactly(targeted);
    }

    @Test
    void fullQueueRejectsNamingPoolBoundAndMessageAndDeliversNothing() {
        Recording context = new Recording(2);
        transport.open(context);
        transport.send(BusTestSupport.targeted("pool_a", 0));
        transport.send(BusTestSupport.targeted("pool_a", 1));
        Message third = BusTestSupport.targeted("pool_a", 2);

        assertThatThrownBy(() -> transport.send(third))
                .isInstanceOf(BusRejectedException.class)
                .hasMessageStartingWith("Queue of pool pool_a is full (max_queue_size=2); task_delegate message "
                        + third.id() + " rejected");

        assertThat(context.delivered).hasSize(2).doesNotContain(third);
        assertThat(transport.size("pool_a")).isEqualTo(2);
    }

    @Test
    void pollWaitsForTheFirstMessageThenTakesWhatIsQueued() throws Exception {
        transport.open(new Recording(10));
        Future<List<Message>> waiting = threads.submit(
                () -> transport.poll("pool_a", 5, Duration.ofSeconds(AWAIT_SECONDS)));

        Message first = BusTestSupport.targeted("pool_a", 0);
        transport.send(first);

        assertThat(waiting.get(AWAIT_SECONDS, TimeUnit.SECONDS)).isNotEmpty().startsWith(first);
    }

    @Test
    void pollTakesAtMostMaxInFifoOrder() throws Exception {
        transport.open(new Recording(10));
        for (int i = 0; i < 4; i++) {
            transport.send(BusTestSupport.targeted("pool_a", i));
        }

        assertThat(BusTestSupport.indices(transport.poll("pool_a", 3, Duration.ZERO))).containsExactly(0, 1, 2);
        assertThat(BusTestSupport.indices(transport.poll("pool_a", 3, Duration.ZERO))).containsExactly(3);
        assertThat(transport.poll("pool_a", 3, Duration.ZERO)).isEmpty();
        assertThat(transport.poll("pool_new", 3, Duration.ZERO)).isEmpty();
        assertThat(transport.sizes()).containsOnlyKeys("pool_a", "pool_new");
    }

    @Test
    void clearEmptiesAndOptionallyRemovesTheQueue() {
        transport.open(new Recording(10));
        transport.send(BusTestSupport.targeted("pool_a", 0));
        transport.send(BusTestSupport.targeted("pool_a", 1));

        assertThat(transport.clear("pool_a", false)).isEqualTo(2);
        assertThat(transport.sizes()).containsEntry("pool_a", 0);
        transport.send(BusTestSupport.targeted("pool_a", 2));
        assertThat(transport.clear("pool_a", true)).isEqualTo(1);
        assertThat(transport.sizes()).isEmpty();
        assertThat(transport.clear("pool_unknown", true)).isZero();
        assertThat(transport.size("pool_unknown")).isZero();
    }

    @Test
    void handOverReturnsEverythingInFifoOrderPerQueueAndEmptiesTheTransport() throws Exception {
        transport.open(new Recording(10));
        transport.send(BusTestSupport.targeted("pool_b", 0));
        transport.send(BusTestSupport.targeted("pool_a", 1));
        transport.send(BusTestSupport.targeted("pool_b", 2));
        transport.send(BusTestSupport.targeted("pool_a", 3));

        List<Message> left = transport.handOver();

        assertThat(BusTestSupport.indices(left)).containsExactly(1, 3, 0, 2);
        assertThat(transport.sizes()).isEmpty();
        assertThat(transport.poll("pool_a", 1, Duration.ofSeconds(AWAIT_SECONDS))).isEmpty();
        assertThatThrownBy(() -> transport.send(BusTestSupport.targeted("pool_a", 4)))
                .isInstanceOf(BusRejectedException.class);

        transport.open(new Recording(10));
        transport.send(BusTestSupport.targeted("pool_a", 5));
        assertThat(transport.size("pool_a")).isEqualTo(1);
    }

    @Test
    void concurrentSendersAndReceiversLoseAndDuplicateNothing() throws Exception {
        transport.open(new Recording(100_000));
        int senders = 4;
        int perSender = 2500;
        int total = senders * perSender;
        AtomicInteger taken = new AtomicInteger();
        List<Future<List<Message>>> receivers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            receivers.add(threads.submit(() -> {
                List<Message> mine = new ArrayList<>();
                while (taken.get() < total) {
                    List<Message> batch = transport.poll("pool_a", 50, Duration.ofMillis(50));
                    mine.addAll(batch);
                    taken.addAndGet(batch.size());
                }
                return mine;
            }));
        }
        List<Future<?>> sending = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            sending.add(threads.submit(() -> {
                for (int i = 0; i < perSender; i++) {
                    transport.send(Message.of(MessageType.TASK_DELEGATE, "sender_" + sender, "pool_a",
                            Map.of("sender", sender, "seq", i)));
                }
            }));
        }
        for (Future<?> f : sending) {
            f.get(AWAIT_SECONDS, TimeUnit.SECONDS);
        }

        Set<String> ids = new HashSet<>();
        int received = 0;
        for (Future<List<Message>> f : receivers) {
            List<Message> mine = f.get(AWAIT_SECONDS, TimeUnit.SECONDS);
            received += mine.size();
            mine.forEach(m -> ids.add(m.id()));
            // One receiver's share keeps each sender's order: the queue is FIFO.
            int[] last = {-1, -1, -1, -1};
            for (Message m : mine) {
                int sender = (Integer) m.payload().get("sender");
                int seq = (Integer) m.payload().get("seq");
                assertThat(seq).isGreaterThan(last[sender]);
                last[sender] = seq;
            }
        }
        assertThat(received).isEqualTo(total);
        assertThat(ids).hasSize(total);
        assertThat(transport.size("pool_a")).isZero();
    }

    @Test
    void restoreQueuesHandedOverMessagesWithoutDeliveringThemAndReturnsWhatDoesNotFit() throws Exception {
        Recording context = new Recording(2);
        transport.open(context);
        List<Message> handedOver = List.of(BusTestSupport.targeted("pool_a", 0), BusTestSupport.targeted("pool_a", 1),
                BusTestSupport.targeted("pool_a", 2), BusTestSupport.targeted("pool_b", 3));

        List<Message> refused = transport.restore(handedOver);

        assertThat(BusTestSupport.indices(refused)).containsExactly(2);
        assertThat(context.delivered).isEmpty();
        assertThat(BusTestSupport.indices(transport.poll("pool_a", 5, Duration.ZERO))).containsExactly(0, 1);
        assertThat(BusTestSupport.indices(transport.poll("pool_b", 5, Duration.ZERO))).containsExactly(3);
    }

    /** Records deliveries. */
    private static final class Recording implements BusTransport.Context {
        final List<Message> delivered = Collections.synchronizedList(new ArrayList<>());
        private final int maxQueueSize;

        Recording(int maxQueueSize) {
            this.maxQueueSize = maxQueueSize;
        }

        @Override
        public void deliver(Message message) {
            delivered.add(message);
        }

        @Override
        public void lost(Message message, String reason) {
            throw new AssertionError("the local transport never loses an accepted message: " + reason);
        }

        @Override
        public int maxQueueSize() {
            return maxQueueSize;
        }
    }
}

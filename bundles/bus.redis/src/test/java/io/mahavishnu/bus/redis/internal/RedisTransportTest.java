package io.mahavishnu.bus.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.bus.BusRejectedException;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport against a real redis-server: queues, bounds, two runtimes, hand-over and restore. */
class RedisTransportTest {

    private RedisServer server;
    private final List<RedisTransport> transports = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = RedisServer.started();
    }

    @AfterEach
    void stopAll() throws Exception {
        try {
            transports.forEach(RedisTransport::deactivate);
        } finally {
            server.close();
        }
    }

    private RedisTransport open(String runtimeId, RecordingContext context) {
        return open(server.settings(runtimeId), context);
    }

    private RedisTransport open(RedisSettings settings, RecordingContext context) {
        RedisTransport transport = new RedisTransport(settings, null);
        transports.add(transport);
        transport.open(context);
        return transport;
    }

    static Message targeted(String target, int n) {
        return Message.of(MessageType.TASK_DELEGATE, "pool_src", target, Map.of("n", n));
    }

    /** Receives until {@code count} messages arrived, up to 30 s. */
    static List<Message> receive(RedisTransport transport, String pool, int count) throws InterruptedException {
        List<Message> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (got.size() < count && System.nanoTime() < deadline) {
            got.addAll(transport.poll(pool, count - got.size(), Duration.ofMillis(200)));
        }
        return got;
    }

    static List<Object> numbers(List<Message> messages) {
        return messages.stream().map(m -> m.payload().get("n")).toList();
    }

    @Test
    void eachQueueIsFifoAndEveryMessageReachesTheSubscribersOnce() throws Exception {
        RecordingContext subscribers = new RecordingContext(1000);
        RedisTransport transport = open("r1", subscribers);
        for (int i = 0; i < 100; i++) {
            transport.send(targeted(i % 2 == 0 ? "pool_a" : "pool_b", i));
        }
        transport.send(Message.of(MessageType.HEARTBEAT, "pool_a", null, Map.of()));

        assertThat(transport.size("pool_a")).isEqualTo(50);
        assertThat(transport.sizes()).containsEntry("pool_a", 50).containsEntry("pool_b", 50);
        List<Message> a = receive(transport, "pool_a", 50);
        List<Message> b = receive(transport, "pool_b", 50);
        assertThat(numbers(a)).isEqualTo(java.util.stream.IntStream.range(0, 50).map(i -> 2 * i).boxed().toList());
        assertThat(numbers(b)).isEqualTo(java.util.stream.IntStream.range(0, 50).map(i -> 2 * i + 1).boxed().toList());
        assertThat(transport.size("pool_a")).isZero();
        assertThat(transport.poll("pool_a", 10, Duration.ZERO)).isEmpty();
        assertThat(subscribers.delivered()).hasSize(101).extracting(Message::id).doesNotHaveDuplicates();
    }

    @Test
    void aMessageReadBackEqualsTheOneSent() throws Exception {
        RedisTransport transport = open("r1", new RecordingContext(10));
        Message sent = new Message(null, MessageType.RESULT_SHARE, "pool_x", "pool_y",
                Map.of("text", "héllo", "list", List.of(1, 2.5, true), "map", Map.of("k", "v")), null);
        transport.send(sent);
        assertThat(receive(transport, "pool_y", 1)).containsExactly(sent);
    }

    @Test
    void aFullQueueRejectsNamingThePoolAndTheBoundAndNobodySeesTheMessage() throws Exception {
        RecordingContext subscribers = new RecordingContext(3);
        RedisTransport transport = open("r1", subscribers);
        for (int i = 0; i < 3; i++) {
            transport.send(targeted("pool_dst", i));
        }
        Message fourth = targeted("pool_dst", 3);
        assertThatThrownBy(() -> transport.send(fourth)).isInstanceOf(BusRejectedException.class)
                .hasMessageContaining("pool_dst").hasMessageContaining("max_queue_size=3")
                .hasMessageContaining(fourth.id());
        assertThat(subscribers.delivered()).extracting(Message::id).doesNotContain(fourth.id());
        assertThat(transport.size("pool_dst")).isEqualTo(3);

        assertThat(numbers(receive(transport, "pool_dst", 1))).containsExactly(0);
        transport.send(targeted("pool_dst", 4));
        assertThat(numbers(receive(transport, "pool_dst", 3))).containsExactly(1, 2, 4);
    }

    @Test
    void twoRuntimesSeeEachOthersMessagesOnceAndShareQueues() throws Exception {
        RecordingContext first = new RecordingContext(100);
        RecordingContext second = new RecordingContext(100);
        RedisTransport one = open("runtime-one", first);
        RedisTransport two = open("runtime-two", second);

        Message created = Message.of(MessageType.POOL_CREATED, "mahavishnu_1", null, Map.of("pool_id", "mahavishnu_1"));
        one.send(created);
        Message delegate = Message.of(MessageType.TASK_DELEGATE, "mahavishnu_2", "mahavishnu_1",
                Map.of("prompt", "hi"));
        two.send(delegate);

        // Messages of two publishers have no order between them.
        assertThat(second.awaitDelivered(d -> d.size() == 2)).containsExactlyInAnyOrder(created, delegate);
        assertThat(first.awaitDelivered(d -> d.size() == 2)).containsExactlyInAnyOrder(created, delegate);
        assertThat(receive(one, "mahavishnu_1", 1)).containsExactly(delegate);

        Message result = Message.of(MessageType.RESULT_SHARE, "mahavishnu_1", "mahavishnu_2", Map.of("output", "ok"));
        one.send(result);
        assertThat(receive(two, "mahavishnu_2", 1)).containsExactly(result);
        assertThat(second.awaitDelivered(d -> d.size() == 3)).last().isEqualTo(result);
        assertThat(first.delivered()).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void restoredMessagesAreQueuedInOrderWithoutReachingSubscribersAndBeyondTheBound() throws Exception {
        RecordingContext first = new RecordingContext(2);
        RecordingContext second = new RecordingContext(2);
        RedisTransport one = open("runtime-one", first);
        open("runtime-two", second);
        List<Message> moved = List.of(targeted("pool_a", 0), targeted("pool_a", 1), targeted("pool_a", 2),
                targeted("pool_b", 3));

        assertThat(one.restore(moved)).isEmpty();
        assertThat(one.size("pool_a")).isEqualTo(3);
        assertThat(receive(one, "pool_a", 3)).isEqualTo(moved.subList(0, 3));
        assertThat(receive(one, "pool_b", 1)).containsExactly(moved.get(3));
        one.send(Message.of(MessageType.HEARTBEAT, null, null, Map.of()));
        second.awaitDelivered(d -> d.size() == 1);
        assertThat(first.delivered()).hasSize(1);
        assertThat(second.delivered()).extracting(Message::type).containsExactly(MessageType.HEARTBEAT);
    }

    @Test
    void handOverTakesThisRuntimesQueuesAndLeavesTheOthersInRedis() throws Exception {
        RedisTransport one = open("runtime-one", new RecordingContext(100));
        RedisTransport two = open("runtime-two", new RecordingContext(100));
        assertThat(one.poll("pool_mine", 1, Duration.ZERO)).isEmpty(); // this runtime receives for pool_mine
        for (int i = 0; i < 5; i++) {
            two.send(targeted("pool_mine", i));
            two.send(targeted("pool_theirs", i));
        }

        List<Message> moved = one.handOver();

        assertThat(moved).extracting(Message::targetPoolId).containsOnly("pool_mine");
        assertThat(numbers(moved)).containsExactly(0, 1, 2, 3, 4);
        assertThat(two.size("pool_mine")).isZero();
        assertThat(numbers(receive(two, "pool_theirs", 5))).containsExactly(0, 1, 2, 3, 4);
        assertThatThrownBy(() -> one.send(targeted("pool_mine", 9))).isInstanceOf(BusRejectedException.class);
    }

    @Test
    void aBlockingReceiveEndsPromptlyWhenTheTransportIsHandedOver() throws Exception {
        RedisTransport transport = open("r1", new RecordingContext(10));
        CompletableFuture<List<Message>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return transport.poll("pool_idle", 1, Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(transport.poll("pool_idle", 1, Duration.ZERO)).isEmpty();
        transport.handOver();
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void clearEmptiesAQueueAndRemoveDeletesIt() throws Exception {
        RedisTransport transport = open("r1", new RecordingContext(10));
        transport.send(targeted("pool_a", 0));
        transport.send(targeted("pool_a", 1));
        assertThat(transport.clear("pool_a", false)).isEqualTo(2);
        assertThat(transport.sizes()).containsEntry("pool_a", 0);
        transport.send(targeted("pool_a", 2));
        assertThat(numbers(receive(transport, "pool_a", 1))).containsExactly(2);
        assertThat(transport.clear("pool_a", true)).isZero();
        assertThat(transport.sizes()).doesNotContainKey("pool_a");
        assertThat(transport.clear("pool_never", true)).isZero();
    }

    @Test
    void aClosedTransportKeepsItsQueuesForTheNextStart() throws Exception {
        RedisTransport transport = open("r1", new RecordingContext(10));
        transport.send(targeted("pool_a", 0));
        transport.close();
        transport.open(new RecordingContext(10));
        assertThat(numbers(receive(transport, "pool_a", 1))).containsExactly(0);
    }
}

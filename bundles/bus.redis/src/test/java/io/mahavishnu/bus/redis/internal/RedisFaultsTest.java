package io.mahavishnu.bus.redis.internal;

import static io.mahavishnu.bus.redis.internal.RedisTransportTest.numbers;
import static io.mahavishnu.bus.redis.internal.RedisTransportTest.receive;
import static io.mahavishnu.bus.redis.internal.RedisTransportTest.targeted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.bus.BusRejectedException;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

/** Crashed consumers, a server that goes away and comes back (with its data lost), and a server down at start. */
class RedisFaultsTest {

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

    private RedisTransport open(RedisSettings settings, RecordingContext context) {
        RedisTransport transport = new RedisTransport(settings, null);
        transports.add(transport);
        transport.open(context);
        return transport;
    }

    /** What a runtime that crashed right after receiving leaves behind: entries pending for its consumer. */
    private void receiveWithoutAcknowledging(String consumer, String pool, int count) {
        try (Jedis jedis = server.client()) {
            var read = jedis.xreadGroup(Keys.GROUP, consumer, XReadGroupParams.xReadGroupParams().count(count),
                    Map.of("test:queue:" + pool, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            assertThat(read.get(0).getValue()).hasSize(count);
        }
    }

    /** Publishes, retrying the same message (same id) while Redis is still coming back; bounded by a deadline. */
    private static void publishWhenBack(RedisTransport transport, Message message) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                transport.send(message);
                return;
            } catch (BusRejectedException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(20); // an external process coming back: poll with a deadline
            }
        }
    }

    @Test
    void messagesACrashedRuntimeReceivedButNeverAcknowledgedAreClaimedByAnother() throws Exception {
        RedisTransport sender = open(server.settings("sender"), new RecordingContext(100));
        for (int i = 0; i < 5; i++) {
            sender.send(targeted("pool_w", i));
        }
        receiveWithoutAcknowledging("crashed-runtime", "pool_w", 3);
        assertThat(sender.size("pool_w")).isEqualTo(5); // unacknowledged entries still count against the bound

        RedisTransport survivor = open(server.settings("survivor").withClaimIdleMs(200), new RecordingContext(100));
        List<Message> got = receive(survivor, "pool_w", 5);

        assertThat(numbers(got)).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(survivor.size("pool_w")).isZero();
        try (Jedis jedis = server.client()) {
            assertThat(jedis.xpending("test:queue:pool_w", Keys.GROUP).getTotal()).isZero();
        }
    }

    @Test
    void aRuntimeRestartedUnderTheSameIdGetsBackWhatItHadNotAcknowledgedAtOnce() throws Exception {
        RedisTransport before = open(server.settings("runtime-a"), new RecordingContext(100));
        for (int i = 0; i < 4; i++) {
            before.send(targeted("pool_r", i));
        }
        receiveWithoutAcknowledging("runtime-a", "pool_r", 2);

        RedisTransport after = open(server.settings("runtime-a"), new RecordingContext(100)); // claim idle: 30 s
        assertThat(numbers(receive(after, "pool_r", 4))).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aServerRestartFailsPublishesVisiblyThenDeliveryResumesAndNothingAcceptedIsLost() throws Exception {
        RecordingContext otherSubscribers = new RecordingContext(100);
        RedisTransport one = open(server.settings("runtime-one"), new RecordingContext(100));
        RedisTransport two = open(server.settings("runtime-two"), otherSubscribers);
        for (int i = 0; i < 10; i++) {
            one.send(targeted("pool_q", i));
        }
        assertThat(numbers(receive(one, "pool_q", 3))).containsExactly(0, 1, 2);

        server.kill();
        Message during = targeted("pool_q", 10);
        assertThatThrownBy(() -> one.send(during)).isInstanceOf(BusRejectedException.class)
                .hasMessageContaining("unreachable").hasMessageContaining(during.id());
        assertThatThrownBy(() -> one.send(targeted("pool_q", 11))).isInstanceOf(BusRejectedException.class)
                .hasMessageContaining("unreachable");

        server.start(); // same port, data gone (no persistence)
        publishWhenBack(one, during);
        for (int i = 11; i < 15; i++) {
            one.send(targeted("pool_q", i));
        }
        Message heartbeat = Message.of(MessageType.HEARTBEAT, "pool_q", null, Map.of());
        one.send(heartbeat);

        assertThat(numbers(receive(one, "pool_q", 12)))
                .isEqualTo(IntStream.range(3, 15).boxed().map(Object.class::cast).toList());
        assertThat(otherSubscribers.awaitDelivered(d -> d.contains(heartbeat))).contains(heartbeat);
    }

    @Test
    void aTransportOpenedWhileRedisIsDownWorksOnceItIsUp() throws Exception {
        server.kill();
        RecordingContext subscribers = new RecordingContext(100);
        RedisTransport transport = open(server.settings("late"), subscribers);
        Message first = targeted("pool_l", 0);
        assertThatThrownBy(() -> transport.send(first)).isInstanceOf(BusRejectedException.class)
                .hasMessageContaining("unreachable");

        server.start();
        publishWhenBack(transport, first);
        assertThat(receive(transport, "pool_l", 1)).containsExactly(first);
        assertThat(subscribers.delivered()).containsExactly(first);
    }

    @Test
    void messagesMovedInWhileRedisIsDownWaitInMemoryAndAreWrittenFirstWhenItIsBack() throws Exception {
        RedisTransport transport = open(server.settings("mover"), new RecordingContext(100));
        server.kill();
        assertThatThrownBy(() -> transport.send(targeted("pool_m", 99))).isInstanceOf(BusRejectedException.class);
        List<Message> moved = List.of(targeted("pool_m", 0), targeted("pool_m", 1));

        assertThat(transport.restore(moved)).isEmpty();
        assertThat(transport.handOver()).isEqualTo(moved); // still in memory: a further switch takes them along
        transport.open(new RecordingContext(100));
        assertThat(transport.restore(moved)).isEmpty();

        server.start();
        Message later = targeted("pool_m", 2);
        publishWhenBack(transport, later);
        assertThat(numbers(receive(transport, "pool_m", 3))).containsExactly(0, 1, 2);
    }
}

package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import io.mahavishnu.api.bus.BusRejectedException;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.bus.Subscription;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The message bus over the Redis transport inside Felix, with the bundles of the redis feature and a real
 * redis-server: publishing, receiving and rejection through Redis, and switching transports (by configuration and
 * by stopping and starting the transport's bundle) while messages keep flowing, losing none.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RedisBusIT extends RuntimeTestSupport {

    private static final String BUS = "io.mahavishnu.bus";
    private static final String REDIS = "io.mahavishnu.bus.redis";
    /** File name prefixes of the bundles the redis feature adds to core. */
    static final List<String> REDIS_BUNDLES = List.of("io.mahavishnu.bus.redis-", "jedis-", "commons-pool2-",
            "gson-", "json-", "redis-authx-core-");

    @Override
    protected Option[] extraOptions() {
        return redisBundles().stream().map(f -> bundle(f.toURI().toString()).startLevel(4)).toArray(Option[]::new);
    }

    /** @return the jars the redis feature adds to core, from the resolved feature */
    static List<File> redisBundles() {
        File dir = new File(System.getProperty("mahavishnu.redis.bundles"));
        File[] jars = dir.listFiles((d, name) -> name.endsWith(".jar")
                && REDIS_BUNDLES.stream().anyMatch(name::startsWith));
        if (jars == null || jars.length != REDIS_BUNDLES.size()) {
            throw new IllegalStateException("the redis feature is not complete in " + dir + ": "
                    + (jars == null ? "missing" : Arrays.toString(jars)) + "; build the features module first");
        }
        Arrays.sort(jars);
        return List.of(jars);
    }

    @After
    public void backToLocal() throws Exception {
        configure(BUS, "bus_transport", "local", "max_queue_size", 1000);
        MessageBus bus = service(MessageBus.class);
        eventually("the bus uses the local transport", () -> "local".equals(bus.stats().transport())
                && bus.stats().maxQueueSize() == 1000);
    }

    /** Points the transport at the server and the bus at the transport; returns once a publish goes through. */
    private MessageBus useRedis(RedisServerProcess redis, String prefix, int maxQueueSize) throws Exception {
        MessageBus bus = service(MessageBus.class);
        configure(REDIS, "redis_port", redis.port(), "redis_key_prefix", prefix, "redis_reconnect_max_backoff_ms", 200L);
        configure(BUS, "bus_transport", "redis", "max_queue_size", maxQueueSize);
        eventually("the bus publishes through redis on port " + redis.port(), () -> {
            if (!"redis".equals(bus.stats().transport()) || bus.stats().maxQueueSize() != maxQueueSize) {
                return false;
            }
            try {
                bus.publish(Message.of(MessageType.HEARTBEAT, null, null, Map.of()));
                return redis.command("EXISTS " + prefix + "events").equals(":1");
            } catch (BusRejectedException e) {
                return false;
            }
        });
        return bus;
    }

    @Test
    public void theBusPublishesReceivesAndRejectsThroughRedis() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.started()) {
            MessageBus bus = useRedis(redis, "it-a:", 3);
            List<Message> seen = new CopyOnWriteArrayList<>();
            long rejectedBefore = bus.stats().rejected();
            try (Subscription sub = bus.subscribe(Set.of(MessageType.POOL_CREATED, MessageType.TASK_DELEGATE),
                    seen::add)) {
                bus.publish(Message.of(MessageType.POOL_CREATED, "pool_dst", null, Map.of("pool_id", "pool_dst")));
                for (int i = 0; i < 3; i++) {
                    bus.publish(Message.of(MessageType.TASK_DELEGATE, "pool_src", "pool_dst", Map.of("n", i)));
                }
                assertThat(redis.command("XLEN it-a:queue:pool_dst")).isEqualTo(":3");
                assertThatThrownBy(() -> bus.publish(
                        Message.of(MessageType.TASK_DELEGATE, "pool_src", "pool_dst", Map.of("n", 3))))
                        .isInstanceOf(BusRejectedException.class)
                        .hasMessageContaining("pool_dst").hasMessageContaining("max_queue_size=3");
                eventually("the subscriber saw four messages", () -> seen.size() == 4);
            }
            assertThat(bus.stats().rejected() - rejectedBefore).isEqualTo(1);
            assertThat(bus.queueSize("pool_dst")).isEqualTo(3);
            List<Message> taken = bus.receiveBatch("pool_dst", 10, Duration.ofSeconds(5));
            assertThat(taken).extracting(m -> m.payload().get("n")).containsExactly(0, 1, 2);
            assertThat(bus.removeQueue("pool_dst")).isZero();
            assertThat(redis.command("EXISTS it-a:queue:pool_dst")).isEqualTo(":0");
        }
    }

    @Test
    public void switchingTransportsUnderLoadLosesNothingAndDeliversEverythingOnce() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.started()) {
            configure(REDIS, "redis_port", redis.port(), "redis_key_prefix", "it-b:", "redis_reconnect_max_backoff_ms", 200L);
            configure(BUS, "bus_transport", "local", "max_queue_size", 1000);
            MessageBus bus = service(MessageBus.class);
            eventually("the bus is local with max_queue_size=1000", () -> "local".equals(bus.stats().transport())
                    && bus.stats().maxQueueSize() == 1000);

            List<String> accepted = new CopyOnWriteArrayList<>();
            List<String> received = new CopyOnWriteArrayList<>();
            List<String> delivered = new CopyOnWriteArrayList<>();
            List<String> refused = new CopyOnWriteArrayList<>();
            AtomicBoolean publishing = new AtomicBoolean(true);
            // At most 500 messages in flight, so queues and the subscriber's buffer stay small and nothing overflows.
            Semaphore inFlight = new Semaphore(500);
            Subscription sub = bus.subscribe(Set.of(MessageType.TASK_DELEGATE), m -> delivered.add(m.id()));
            CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
                for (int i = 0; publishing.get(); i++) {
                    try {
                        if (!inFlight.tryAcquire(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("500 published messages were not received within "
                                    + TIMEOUT_SECONDS + " s");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    Message m = Message.of(MessageType.TASK_DELEGATE, "pool_src", "pool_swap", Map.of("n", i));
                    try {
                        bus.publish(m);
                        accepted.add(m.id());
                    } catch (BusRejectedException e) {
                        refused.add(e.getMessage()); // visible to the publisher; never silently dropped
                        inFlight.release();
                    }
                }
            });
            CompletableFuture<Void> receiver = CompletableFuture.runAsync(() -> {
                try {
                    // until the publisher has finished (its last id recorded) and everything it published arrived
                    while (!publisher.isDone() || received.size() < accepted.size()) {
                        List<Message> batch = bus.receiveBatch("pool_swap", 200, Duration.ofMillis(200));
                        batch.forEach(m -> received.add(m.id()));
                        inFlight.release(batch.size());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                Bundle transport = installed("io.mahavishnu.bus.redis");
                switchTo(bus, "redis", () -> configure(BUS, "bus_transport", "redis"), accepted, received);
                switchTo(bus, "local", () -> configure(BUS, "bus_transport", "local"), accepted, received);
                switchTo(bus, "redis", () -> configure(BUS, "bus_transport", "redis"), accepted, received);
                switchTo(bus, "local", transport::stop, accepted, received); // the bundle goes away
                switchTo(bus, "redis", transport::start, accepted, received); // and comes back
                switchTo(bus, "local", () -> configure(BUS, "bus_transport", "local"), accepted, received);
            } finally {
                publishing.set(false);
                publisher.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                receiver.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }

            assertThat(accepted).hasSizeGreaterThan(600);
            assertThat(received).as("received in publish order, none lost, none twice; %s", diff(accepted, received))
                    .isEqualTo(accepted);
            // closing the subscription discards what its handler has not run yet: wait first
            eventually("every accepted message reached the subscriber", () -> delivered.size() >= accepted.size());
            sub.close();
            assertThat(delivered).as("each delivered to the subscriber once").hasSameSizeAs(accepted)
                    .containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(bus.stats().lost()).isZero();
            assertThat(refused).as("transport switches refuse nothing").isEmpty();
        }
    }

    /** Number of messages published when each switch began, for failure messages. */
    private final List<Integer> switchPoints = new CopyOnWriteArrayList<>();

    private interface Step {
        void run() throws Exception;
    }

    /**
     * Switches, and waits until the new transport is in use and the receiver got 100 messages published after the
     * switch (so it receives through the new transport) while publishing goes on.
     */
    private void switchTo(MessageBus bus, String transport, Step step, List<String> accepted, List<String> received)
            throws Exception {
        switchPoints.add(accepted.size());
        step.run();
        eventually("the bus uses " + transport, () -> transport.equals(bus.stats().transport()));
        int after = accepted.size();
        eventually("100 messages published over " + transport + " received", () -> received.size() >= after + 100);
    }

    /** @return where two id lists first differ, and what is missing or repeated (for a readable failure) */
    private String diff(List<String> expected, List<String> actual) {
        int first = 0;
        while (first < Math.min(expected.size(), actual.size()) && expected.get(first).equals(actual.get(first))) {
            first++;
        }
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(actual);
        long repeated = actual.size() - actual.stream().distinct().count();
        return "sizes " + expected.size() + "/" + actual.size() + ", first difference at " + first + ", missing "
                + missing.size() + ", repeated " + repeated + ", switches at " + switchPoints;
    }
}

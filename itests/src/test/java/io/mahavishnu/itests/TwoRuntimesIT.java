package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.bus.BusRejectedException;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.pool.PoolConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.Test;

/**
 * Two runtimes, each in a Felix framework of its own with the redis feature and configured through etc/*.cfg files
 * as a user would, share one bus through one redis-server: each sees the other's pool_created, they exchange
 * task_delegate and result_share messages, killing and restarting redis-server in the middle loses none of
 * them, and a runtime that stops finds its pool's queue again when it starts.
 */
public class TwoRuntimesIT {

    private static final long TIMEOUT_SECONDS = 30;

    private static Map<String, String> configs(int redisPort) {
        return Map.of("io.mahavishnu.bus", "bus_transport = redis\n",
                "io.mahavishnu.bus.redis", "redis_port = " + redisPort
                + "\nredis_key_prefix = two:\nredis_reconnect_max_backoff_ms = 200\n");
    }

    @Test
    public void twoRuntimesShareOneBusAndARedisRestartLosesNothing() throws Exception {
        File bundles = new File(System.getProperty("mahavishnu.redis.bundles"));
        Path work = Files.createDirectories(Path.of(System.getProperty("mahavishnu.workdir")));
        Path homeA = Files.createTempDirectory(work, "first");
        List<FelixRuntime> running = new ArrayList<>();
        try (RedisServerProcess redis = RedisServerProcess.started()) {
            try {
                FelixRuntime first = FelixRuntime.start(homeA, bundles, configs(redis.port()));
                running.add(first);
                FelixRuntime second = FelixRuntime.start(Files.createTempDirectory(work, "second"), bundles,
                        configs(redis.port()));
                running.add(second);
                exchange(redis, first, second);
                first.assertEtcUnchanged();
                second.assertEtcUnchanged();

                // a runtime that stops keeps its queue in Redis and finds it again after its restart
                MessageBus busB = second.service(MessageBus.class);
                String poolA = first.service(PoolManager.class).list().get(0).poolId();
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Message m = Message.of(MessageType.TASK_DELEGATE, "elsewhere", poolA, Map.of("n", i));
                    busB.publish(m);
                    sent.add(m.id());
                }
                running.remove(first);
                first.close();
                assertThat(redis.command("XLEN two:queue:" + poolA)).isEqualTo(":3");
                FelixRuntime restarted = FelixRuntime.start(homeA, bundles, configs(redis.port()));
                running.add(restarted);
                MessageBus busA = restarted.service(MessageBus.class);
                awaitRedis(busA);
                assertThat(receiveAll(busA, poolA, 3)).extracting(Message::id).isEqualTo(sent);
            } finally {
                for (FelixRuntime r : running) {
                    r.close();
                }
            }
        }
    }

    /** Pool events seen both ways, a delegated task and its result, and a redis-server restart in the middle. */
    private void exchange(RedisServerProcess redis, FelixRuntime first, FelixRuntime second) throws Exception {
        MessageBus busA = first.service(MessageBus.class);
        MessageBus busB = second.service(MessageBus.class);
        awaitRedis(busA);
        awaitRedis(busB);
        List<Message> seenByA = new CopyOnWriteArrayList<>();
        List<Message> seenByB = new CopyOnWriteArrayList<>();
        busA.subscribe(Set.of(MessageType.POOL_CREATED), seenByA::add);
        busB.subscribe(Set.of(MessageType.POOL_CREATED), seenByB::add);

        String poolA = spawn(first.service(PoolManager.class), "on-first");
        String poolB = spawn(second.service(PoolManager.class), "on-second");
        eventually("each runtime saw both pool_created events once", () ->
                createdPools(seenByA).equals(List.of(poolA, poolB))
                        && createdPools(seenByB).containsAll(List.of(poolA, poolB)) && seenByB.size() == 2);

        // the second delegates a task to the first's pool; the first shares the result with the second's pool
        busB.publish(Message.of(MessageType.TASK_DELEGATE, poolB, poolA, Map.of("prompt", "summarise")));
        Message delegated = receive(busA, poolA);
        assertThat(delegated.sourcePoolId()).isEqualTo(poolB);
        assertThat(delegated.payload()).containsEntry("prompt", "summarise");
        busA.publish(Message.of(MessageType.RESULT_SHARE, poolA, poolB, Map.of("output", "done")));
        assertThat(receive(busB, poolB).payload()).containsEntry("output", "done");

        // queued, then redis-server dies and comes back empty (no persistence)
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Message m = Message.of(MessageType.TASK_DELEGATE, poolB, poolA, Map.of("n", i));
            busB.publish(m);
            sent.add(m.id());
        }
        redis.kill();
        Message during = Message.of(MessageType.TASK_DELEGATE, poolB, poolA, Map.of("n", 5));
        long rejectedBefore = busB.stats().rejected();
        assertThatThrownBy(() -> busB.publish(during)).isInstanceOf(BusRejectedException.class)
                .hasMessageContaining("unreachable");
        assertThat(busB.stats().rejected()).isEqualTo(rejectedBefore + 1);
        redis.start();
        publishWhenBack(busB, during);
        sent.add(during.id());

        List<Message> got = receiveAll(busA, poolA, sent.size());
        assertThat(got).extracting(Message::id).isEqualTo(sent);
        assertThat(got).extracting(m -> m.payload().get("n")).isEqualTo(IntStream.range(0, 6).boxed().toList());
    }

    private static List<Message> receiveAll(MessageBus bus, String pool, int count) throws InterruptedException {
        List<Message> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (got.size() < count && System.nanoTime() < deadline) {
            got.addAll(bus.receiveBatch(pool, count - got.size(), Duration.ofMillis(500)));
        }
        return got;
    }

    private static String spawn(PoolManager manager, String name) throws Exception {
        PoolInfo info = manager.spawn(PoolConfig.builder().name(name).workerType("noop").minWorkers(1).build())
                .toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return info.poolId();
    }

    private static List<Object> createdPools(List<Message> seen) {
        return seen.stream().map(m -> m.payload().get("pool_id")).toList();
    }

    private static Message receive(MessageBus bus, String pool) throws InterruptedException {
        Optional<Message> m = bus.receive(pool, Duration.ofSeconds(TIMEOUT_SECONDS));
        return m.orElseThrow(() -> new AssertionError("nothing for " + pool + " within " + TIMEOUT_SECONDS + " s"));
    }

    /** The runtime reads etc/ and binds the transport by itself; wait until a publish goes through Redis. */
    private static void awaitRedis(MessageBus bus) throws InterruptedException {
        eventually("the bus publishes through redis", () -> {
            if (!"redis".equals(bus.stats().transport())) {
                return false;
            }
            try {
                bus.publish(Message.of(MessageType.HEARTBEAT, null, null, Map.of()));
                return true;
            } catch (BusRejectedException e) {
                return false;
            }
        });
    }

    /** Retries the same message (same id) while redis-server comes back; an external process, so poll. */
    private static void publishWhenBack(MessageBus bus, Message message) throws InterruptedException {
        eventually("the bus accepts messages again", () -> {
            try {
                bus.publish(message);
                return true;
            } catch (BusRejectedException e) {
                return false;
            }
        });
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s waiting until " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}

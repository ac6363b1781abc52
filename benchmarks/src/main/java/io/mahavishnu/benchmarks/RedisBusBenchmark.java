package io.mahavishnu.benchmarks;

import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.bus.MessageType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Messages per second from publish to receive through a pool's queue, on the local transport and on the Redis
 * transport (a real redis-server on loopback, no persistence): the benchmark thread publishes {@value #BATCH}
 * targeted messages while a receiver thread takes them with {@code receiveBatch}; an invocation ends when the
 * last one was received. Both runs boot the redis feature and differ only in {@code bus_transport}. Needs
 * {@code redis-server} on the PATH.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedisBusBenchmark {

    static final int BATCH = 1000;
    private static final String POOL = "pool_bench";

    @Param({"local", "redis"})
    public String transport;

    private RedisServerProcess redis;
    private EmbeddedRuntime runtime;
    private MessageBus bus;
    private Thread receiver;
    private final AtomicBoolean receiving = new AtomicBoolean(true);
    private final AtomicLong received = new AtomicLong();
    private final Map<String, Object> payload = Map.of("n", 1);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        redis = new RedisServerProcess();
        runtime = EmbeddedRuntime.start("redis", null);
        bus = runtime.service(MessageBus.class);
        runtime.configure("io.mahavishnu.bus.redis", "redis_port", redis.port());
        runtime.configure("io.mahavishnu.bus", "bus_transport", transport, "max_queue_size", 100_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!transport.equals(bus.stats().transport()) || bus.stats().maxQueueSize() != 100_000) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the bus did not switch to " + transport + ": " + bus.stats());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        receiver = new Thread(() -> {
            try {
                while (receiving.get()) {
                    received.addAndGet(bus.receiveBatch(POOL, 500, Duration.ofMillis(100)).size());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-receiver");
        receiver.setDaemon(true);
        receiver.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        receiving.set(false);
        receiver.join(TimeUnit.SECONDS.toMillis(5));
        runtime.close();
        redis.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void publishToReceive() {
        long target = received.get() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            // a new message (new id) each time: receivers drop a repeated id as a duplicate
            bus.publish(Message.of(MessageType.TASK_DELEGATE, "pool_src", POOL, payload));
        }
        while (received.get() < target) {
            LockSupport.parkNanos(10_000);
        }
    }
}

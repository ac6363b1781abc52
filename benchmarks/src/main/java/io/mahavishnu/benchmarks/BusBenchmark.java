package io.mahavishnu.benchmarks;

import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.bus.Subscription;
import java.io.File;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.osgi.framework.Bundle;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Messages per second from a publisher to one subscriber on another thread: the local MessageBus (publish →
 * subscriber handler), Felix EventAdmin ({@code postEvent} → EventHandler) and a bare ArrayBlockingQueue (offer →
 * a consumer thread). Each invocation sends {@value #BATCH} messages and waits until the last one arrived.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BusBenchmark {

    static final int BATCH = 1000;

    private EmbeddedRuntime runtime;
    private MessageBus bus;
    private Subscription subscription;
    private EventAdmin eventAdmin;
    private final AtomicLong busReceived = new AtomicLong();
    private final AtomicLong eventsReceived = new AtomicLong();
    private final AtomicLong queueReceived = new AtomicLong();
    private final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(BATCH * 2);
    private Thread consumer;
    private final Event event = new Event("mahavishnu/bench", Map.of("pool_id", "pool_a"));
    private final Message message = Message.of(MessageType.STATUS_UPDATE, "pool_a", null, Map.of("n", 1));

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        runtime = EmbeddedRuntime.start("core", "org.osgi.service.event;version=1.4.0");
        String eventAdminJar = null;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("org.apache.felix.eventadmin")) {
                eventAdminJar = new File(entry).toURI().toString();
            }
        }
        Bundle ea = runtime.context().installBundle(eventAdminJar);
        ea.start();
        bus = runtime.service(MessageBus.class);
        subscription = bus.subscribe(Set.of(MessageType.STATUS_UPDATE), m -> busReceived.incrementAndGet());
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, "mahavishnu/bench");
        runtime.context().registerService(EventHandler.class, e -> eventsReceived.incrementAndGet(), props);
        eventAdmin = runtime.service(EventAdmin.class);
        consumer = new Thread(() -> {
            try {
                while (true) {
                    queue.take();
                    queueReceived.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "abq-consumer");
        consumer.setDaemon(true);
        consumer.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        consumer.interrupt();
        subscription.close();
        runtime.close();
    }

    /** Waits for the receiver; a delivery that stops ends the measurement with an error instead of hanging it. */
    private static void awaitCount(AtomicLong counter, long target) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (counter.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (counter.get() - (target - BATCH)) + " of " + BATCH
                        + " messages arrived within 30 s");
            }
            LockSupport.parkNanos(1_000);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void mahavishnuLocalBus() {
        long target = busReceived.get() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            bus.publish(message);
        }
        awaitCount(busReceived, target);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void felixEventAdminPost() {
        long target = eventsReceived.get() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            eventAdmin.postEvent(event);
        }
        awaitCount(eventsReceived, target);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void arrayBlockingQueue() throws InterruptedException {
        long target = queueReceived.get() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            queue.put(message);
        }
        awaitCount(queueReceived, target);
    }
}

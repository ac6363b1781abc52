package io.mahavishnu.bus.local.internal;

import io.mahavishnu.api.bus.BusRejectedException;
import io.mahavishnu.api.bus.BusTransport;
import io.mahavishnu.api.bus.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Component;

/**
 * The in-JVM transport: one bounded FIFO queue per pool, held in memory (lost when the JVM stops). Every
 * accepted message goes to this runtime's subscribers; a targeted one is queued first, and if its queue is
 * full it is rejected and reaches nobody.
 *
 * <p>Queues are created on the first targeted send or poll for a pool (so a receiver that waits before the
 * first publish gets the message) and removed by {@link #clear(String, boolean) clear(poolId, true)}. A queue
 * is created, filled and removed inside the map's per-key atomic operations, so a message can never be added
 * to a queue that is being removed. A receiver already waiting on a removed queue waits out its timeout there;
 * the bus waits in short slices, so it moves on to the new queue soon. The bus never calls {@link #send}
 * concurrently with {@link #open}, {@link #handOver} or {@link #close}.
 */
@Component(service = BusTransport.class, property = BusTransport.TRANSPORT + "=" + LocalTransport.NAME)
public class LocalTransport implements BusTransport {

    /** Name of this transport, and the bus's fallback. */
    public static final String NAME = "local";

    /** Pool id → its queue. Queues are only created, filled or removed through the map's atomic operations. */
    private final ConcurrentMap<String, ArrayBlockingQueue<Message>> queues = new ConcurrentHashMap<>();
    /** Set by {@link #open}, cleared by {@link #handOver}/{@link #close}; null while closed. Written under {@link #lifecycle}. */
    private volatile Context context;
    /** Orders a poll's queue creation against close, so a poll racing a close cannot leave a stray queue. */
    private final Object lifecycle = new Object();

    @Override
    public void open(Context ctx) {
        synchronized (lifecycle) {
            this.context = ctx;
        }
    }

    @Override
    public void send(Message message) {
        Context ctx = context;
        if (ctx == null) {
            throw new BusRejectedException("The local bus transport is closed; " + describe(message) + " rejected");
        }
        if (message.isTargeted()) {
            if (!offer(message, ctx)) {
                throw new BusRejectedException("Queue of pool " + message.targetPoolId() + " is full (max_queue_size="
                        + ctx.maxQueueSize() + "); " + describe(message)
                        + " rejected. Receive from the queue, or raise max_queue_size.");
            }
        }
        ctx.deliver(message);
    }

    /** Waits up to {@code timeout} for the first message, then takes whatever else is already queued. */
    @Override
    public List<Message> poll(String poolId, int max, Duration timeout) throws InterruptedException {
        ArrayBlockingQueue<Message> queue;
        synchronized (lifecycle) {
            Context ctx = context;
            if (ctx == null) {
                return List.of();
            }
            queue = queues.computeIfAbsent(poolId, id -> new ArrayBlockingQueue<>(ctx.maxQueueSize()));
        }
        Message first = timeout.isZero() ? queue.poll() : queue.poll(Waits.nanos(timeout), TimeUnit.NANOSECONDS);
        if (first == null) {
            return List.of();
        }
        List<Message> taken = new ArrayList<>(Math.min(max, queue.size() + 1));
        taken.add(first);
        if (max > 1) {
            queue.drainTo(taken, max - 1);
        }
        return taken;
    }

    @Override
    public int size(String poolId) {
        ArrayBlockingQueue<Message> queue = queues.get(poolId);
        return queue == null ? 0 : queue.size();
    }

    @Override
    public int clear(String poolId, boolean remove) {
        List<Message> discarded = new ArrayList<>();
        if (remove) {
            queues.computeIfPresent(poolId, (id, queue) -> {
                queue.drainTo(discarded);
                return null;
            });
        } else {
            ArrayBlockingQueue<Message> queue = queues.get(poolId);
            if (queue != null) {
                queue.drainTo(discarded);
            }
        }
        return discarded.size();
    }

    @Override
    public Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new TreeMap<>();
        queues.forEach((poolId, queue) -> sizes.put(poolId, queue.size()));
        return sizes;
    }

    /** Puts handed-over messages back into their queues, in order; what does not fit comes back. */
    @Override
    public List<Message> restore(List<Message> queued) {
        Context ctx = context;
        if (ctx == null) {
            return List.copyOf(queued);
        }
        List<Message> refused = new ArrayList<>();
        for (Message message : queued) {
            if (!message.isTargeted()) {
                continue;
            }
            if (!offer(message, ctx)) {
                refused.add(message);
            }
        }
        return refused;
    }

    /** Empties and removes every queue; the messages come back per queue in FIFO order, queues by pool id. */
    @Override
    public List<Message> handOver() {
        List<Message> queued = new ArrayList<>();
        synchronized (lifecycle) {
            context = null;
            for (String poolId : new TreeSet<>(queues.keySet())) {
                queues.computeIfPresent(poolId, (id, queue) -> {
                    queue.drainTo(queued);
                    return null;
                });
            }
        }
        return queued;
    }

    /** Queues live in memory only: they are discarded (the bus has logged how many). */
    @Override
    public void close() {
        handOver();
    }

    /** Queues a targeted message, creating its queue if needed; false if the queue is full. */
    private boolean offer(Message message, Context ctx) {
        boolean[] accepted = new boolean[1];
        queues.compute(message.targetPoolId(), (poolId, queue) -> {
            ArrayBlockingQueue<Message> q = queue != null ? queue : new ArrayBlockingQueue<>(ctx.maxQueueSize());
            accepted[0] = q.offer(message);
            return q;
        });
        return accepted[0];
    }

    private static String describe(Message message) {
        return message.type().wireName() + " message " + message.id();
    }
}

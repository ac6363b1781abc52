package io.mahavishnu.federation.internal;

import io.mahavishnu.api.bus.BusRejectedException;
import io.mahavishnu.api.bus.BusStats;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.bus.MessageHandler;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.bus.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One bus shared by several runtimes in one JVM, as the Redis transport shares one between processes: every view's
 * subscribers get every message (on a delivery thread), targeted messages wait in shared queues. A view can be
 * killed (it neither sends nor receives any more, like a crashed process) and messages can be dropped on purpose.
 */
final class SharedBus implements AutoCloseable {

    private record Sub(View view, Set<MessageType> types, MessageHandler handler) {
    }

    private final List<Sub> subs = new CopyOnWriteArrayList<>();
    private final Map<String, BlockingQueue<Message>> queues = new ConcurrentHashMap<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor();
    /** Messages matching it are lost on the way. */
    volatile Predicate<Message> drop = m -> false;

    View view(String runtimeId) {
        return new View(runtimeId);
    }

    private BlockingQueue<Message> queue(String id) {
        return queues.computeIfAbsent(id, k -> new LinkedBlockingQueue<>());
    }

    @Override
    public void close() {
        delivery.shutdownNow();
    }

    final class View implements MessageBus {
        private final String runtimeId;
        volatile boolean dead;

        View(String runtimeId) {
            this.runtimeId = runtimeId;
        }

        void kill() {
            dead = true;
        }

        @Override
        public void publish(Message message) {
            if (dead) {
                throw new BusRejectedException("dead");
            }
            if (drop.test(message)) {
                return;
            }
            if (message.isTargeted()) {
                queue(message.targetPoolId()).add(message);
            }
            for (Sub s : subs) {
                if (s.types().contains(message.type())) {
                    delivery.execute(() -> {
                        if (!s.view().dead) {
                            s.handler().onMessage(message);
                        }
                    });
                }
            }
        }

        @Override
        public Subscription subscribe(Set<MessageType> types, MessageHandler handler) {
            Sub s = new Sub(this, types, handler);
            subs.add(s);
            return () -> subs.remove(s);
        }

        @Override
        public Optional<Message> receive(String poolId, Duration timeout) throws InterruptedException {
            if (dead) {
                TimeUnit.MILLISECONDS.sleep(Math.min(timeout.toMillis(), 50)); // a dead process reads nothing
                return Optional.empty();
            }
            return Optional.ofNullable(queue(poolId).poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
        }

        @Override
        public List<Message> receiveBatch(String poolId, int max, Duration timeout) {
            List<Message> out = new ArrayList<>();
            if (!dead) {
                queue(poolId).drainTo(out, max);
            }
            return out;
        }

        @Override
        public int queueSize(String poolId) {
            return queue(poolId).size();
        }

        @Override
        public int clearQueue(String poolId) {
            int n = queue(poolId).size();
            queue(poolId).clear();
            return n;
        }

        @Override
        public int removeQueue(String poolId) {
            BlockingQueue<Message> q = queues.remove(poolId);
            return q == null ? 0 : q.size();
        }

        @Override
        public BusStats stats() {
            return new BusStats("shared", queues.size(), Map.of(), Map.of(), 1000, 0, 0, 0, 0, 0, 0);
        }

        @Override
        public Optional<String> runtimeId() {
            return Optional.of(runtimeId);
        }
    }
}

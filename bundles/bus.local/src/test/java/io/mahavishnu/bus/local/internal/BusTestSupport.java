package io.mahavishnu.bus.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.bus.BusTransport;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageHandler;
import io.mahavishnu.api.bus.MessageType;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/** Builds buses with plain {@code new}, binds transports as DS would, and stops every bus after the test. */
abstract class BusTestSupport {

    /** Generous bound for anything awaited; a healthy run takes milliseconds. */
    static final long AWAIT_SECONDS = 30;

    private final List<MessageBusImpl> buses = new ArrayList<>();

    @AfterEach
    void stopBuses() {
        buses.forEach(MessageBusImpl::deactivate);
    }

    /** @return a bus using a fresh local transport */
    MessageBusImpl localBus(BusSettings settings) {
        MessageBusImpl bus = bus(settings);
        bus.bindBusTransport(new LocalTransport(), props(LocalTransport.NAME));
        return bus;
    }

    /** @return a bus with no transport bound yet */
    MessageBusImpl bus(BusSettings settings) {
        MessageBusImpl bus = new MessageBusImpl(settings);
        buses.add(bus);
        return bus;
    }

    static BusSettings settings(int maxQueueSize, String transport, int subscriberBuffer, int handlerThreads) {
        return new BusSettings(maxQueueSize, transport, subscriberBuffer, handlerThreads);
    }

    static BusSettings maxQueue(int maxQueueSize) {
        return settings(maxQueueSize, "local", 10_000, 2);
    }

    static Map<String, Object> props(String name) {
        return Map.of(BusTransport.TRANSPORT, name, "service.id", 1L);
    }

    static Message targeted(String pool, int index) {
        return Message.of(MessageType.TASK_DELEGATE, "pool_src", pool, Map.of("index", index));
    }

    static Message broadcast(MessageType type, int index) {
        return Message.of(type, "pool_src", null, Map.of("index", index));
    }

    static List<Integer> indices(Collection<Message> messages) {
        return messages.stream().map(m -> (Integer) m.payload().get("index")).toList();
    }

    static BusConfig config(int maxQueueSize, String transport, int subscriberBuffer, int handlerThreads) {
        return new BusConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return BusConfig.class;
            }

            @Override
            public int max__queue__size() {
                return maxQueueSize;
            }

            @Override
            public String bus__transport() {
                return transport;
            }

            @Override
            public int subscriber__buffer() {
                return subscriberBuffer;
            }

            @Override
            public int handler__threads() {
                return handlerThreads;
            }
        };
    }

    /** A handler that records what it gets and lets the test await a number of messages. */
    static final class Recorder implements MessageHandler {
        final List<Message> messages = Collections.synchronizedList(new ArrayList<>());
        final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        private final Semaphore received = new Semaphore(0);

        @Override
        public void onMessage(Message message) {
            messages.add(message);
            threads.add(Thread.currentThread());
            received.release();
        }

        /** Waits until at least {@code n} messages arrived in total. */
        void await(int n) throws InterruptedException {
            assertThat(received.tryAcquire(n, AWAIT_SECONDS, TimeUnit.SECONDS))
                    .as("%d messages handled within %d s (got %d)", n, AWAIT_SECONDS, messages.size()).isTrue();
            received.release(n);
        }

        List<Message> snapshot() {
            synchronized (messages) {
                return List.copyOf(messages);
            }
        }
    }
}

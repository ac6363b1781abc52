package io.mahavishnu.manager.internal;

import io.mahavishnu.api.bus.BusStats;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.bus.MessageHandler;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.bus.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the manager publishes and which queues it removes; receiving is not needed by these tests. */
final class RecordingBus implements MessageBus {

    final List<Message> published = new CopyOnWriteArrayList<>();
    final List<String> removedQueues = new CopyOnWriteArrayList<>();

    List<Message> ofType(MessageType type) {
        return published.stream().filter(m -> m.type() == type).toList();
    }

    @Override
    public void publish(Message message) {
        published.add(message);
    }

    @Override
    public Subscription subscribe(Set<MessageType> types, MessageHandler handler) {
        throw new UnsupportedOperationException("the manager does not subscribe");
    }

    @Override
    public Optional<Message> receive(String poolId, Duration timeout) {
        throw new UnsupportedOperationException("the manager does not receive");
    }

    @Override
    public List<Message> receiveBatch(String poolId, int max, Duration timeout) {
        throw new UnsupportedOperationException("the manager does not receive");
    }

    @Override
    public int queueSize(String poolId) {
        return 0;
    }

    @Override
    public int clearQueue(String poolId) {
        return 0;
    }

    @Override
    public int removeQueue(String poolId) {
        removedQueues.add(poolId);
        return 0;
    }

    @Override
    public BusStats stats() {
        throw new UnsupportedOperationException("not needed");
    }
}

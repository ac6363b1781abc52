package io.mahavishnu.monitor.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.manager.PoolEvent;
import io.mahavishnu.api.manager.PoolEventListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event stream's source: receives the manager's {@link PoolEvent}s (and bus messages), keeps the latest in a
 * bounded history so a reconnecting client resumes from its {@code Last-Event-ID}, and offers each event to every
 * connected client. Nothing here blocks the manager's event thread: offering is a queue insert, writing happens
 * elsewhere ({@link SseClient}). Task completions also feed the latency histograms.
 */
final class EventHub implements PoolEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    /** Why a client must reload instead of resuming. */
    record Backlog(List<StreamEntry> entries, String resetReason) {
    }

    private final ObjectMapper json;
    private final int historySize;
    private final Consumer<PoolEvent> observer;
    /** Guarded by {@code this}. */
    private final ArrayDeque<StreamEntry> history;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final Map<String, LongAdder> eventsByType = new ConcurrentHashMap<>();
    /** Bus message ids ({@code bus-<n>}); like pool event ids they start from the clock, so they never repeat. */
    private final AtomicLong busSeq;
    private final LongAdder missed = new LongAdder();
    private final LongAdder slowClients = new LongAdder();
    private final LongAdder resets = new LongAdder();
    /** Last pool event seq seen, 0 before the first. Only the manager's event thread writes it. */
    private volatile long lastSeq;

    EventHub(ObjectMapper json, int historySize, Consumer<PoolEvent> observer) {
        this(json, historySize, observer, System.currentTimeMillis() * 1000);
    }

    EventHub(ObjectMapper json, int historySize, Consumer<PoolEvent> observer, long busSeqStart) {
        this.busSeq = new AtomicLong(busSeqStart);
        this.json = json;
        this.historySize = historySize;
        this.history = new ArrayDeque<>(historySize);
        this.observer = observer;
    }

    @Override
    public void onEvent(PoolEvent event) {
        long previous = lastSeq;
        if (previous > 0 && event.seq() > previous + 1) {
            // the manager's buffer overflowed; clients see the gap in the ids too
            missed.add(event.seq() - previous - 1);
        }
        lastSeq = event.seq();
        eventsByType.computeIfAbsent(event.type(), k -> new LongAdder()).increment();
        try {
            observer.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("Monitoring could not record {} of pool {}: {}", event.type(), event.poolId(), e.toString());
        }
        publish(StreamEntry.of(Long.toString(event.seq()), event.type(), encode(Wire.event(event)), false));
    }

    /** A bus message, streamed as {@code bus.<type>} with an id of its own id space. */
    void onMessage(Message message) {
        String id = StreamEntry.BUS_PREFIX + busSeq.incrementAndGet();
        publish(StreamEntry.of(id, "bus." + message.type().wireName(), encode(Wire.message(message)), true));
    }

    private void publish(StreamEntry entry) {
        List<SseClient> tooSlow = null;
        synchronized (this) {
            if (history.size() == historySize) {
                history.removeFirst();
            }
            history.addLast(entry);
            for (SseClient c : clients) {
                if (c.wants(entry) && !c.offer(entry.frame())) {
                    tooSlow = tooSlow == null ? new ArrayList<>() : tooSlow;
                    tooSlow.add(c);
                }
            }
        }
        if (tooSlow != null) {
            for (SseClient c : tooSlow) {
                slowClients.increment();
                LOG.info("Event stream client disconnected: more than its buffer of events behind (it may "
                        + "reconnect and resume)");
                c.close();
            }
        }
    }

    /**
     * Connects a client: queues what it missed since {@code lastEventId} (or a reset event when that is no longer
     * in the history, or when the backlog exceeds the client's buffer), then adds it for live events; both under
     * the history's lock so nothing falls between.
     */
    synchronized void attach(SseClient client, String lastEventId) {
        Backlog backlog = backlog(lastEventId);
        boolean fits = true;
        if (backlog.resetReason() != null) {
            resets.increment();
            client.offer(reset(backlog.resetReason(), lastEventId));
        } else {
            for (StreamEntry e : backlog.entries()) {
                if (client.wants(e) && !client.offer(e.frame())) {
                    fits = false;
                    break;
                }
            }
            if (!fits) {
                resets.increment();
                client.offer(reset("more missed events than the client buffer holds", lastEventId));
            }
        }
        clients.add(client);
    }

    void detach(SseClient client) {
        clients.remove(client);
    }

    /** @return the entries after {@code lastEventId}; none for a new client; a reset reason when it is unknown */
    synchronized Backlog backlog(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return new Backlog(List.of(), null);
        }
        String wanted = lastEventId.trim();
        List<StreamEntry> after = new ArrayList<>();
        for (Iterator<StreamEntry> it = history.descendingIterator(); it.hasNext();) {
            StreamEntry e = it.next();
            if (e.id().equals(wanted)) {
                java.util.Collections.reverse(after);
                return new Backlog(after, null);
            }
            after.add(e);
        }
        return new Backlog(List.of(), history.isEmpty() ? "the runtime has no event history (it restarted)"
                : "event " + wanted + " is older than the " + history.size() + " events kept (event_history) or "
                        + "from before a restart");
    }

    private byte[] reset(String reason, String lastEventId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", reason);
        data.put("last_event_id", lastEventId);
        data.put("action", "reload the state, then follow the stream");
        return StreamEntry.control("reset", encode(data));
    }

    /** What a page shows first: recent events and the id to follow the stream from, read together. */
    record View(List<StreamEntry> recent, String lastEventId) {
    }

    /** @return the newest {@code count} events (oldest first) with the id of the newest event of any kind */
    synchronized View view(int count, boolean includeBus) {
        return new View(recent(count, includeBus), lastEventId());
    }

    /** @return the newest {@code count} events, oldest first */
    synchronized List<StreamEntry> recent(int count, boolean includeBus) {
        List<StreamEntry> out = new ArrayList<>();
        for (Iterator<StreamEntry> it = history.descendingIterator(); it.hasNext() && out.size() < count;) {
            StreamEntry e = it.next();
            if (includeBus || !e.bus()) {
                out.add(e);
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** @return the id of the newest event kept, or null */
    synchronized String lastEventId() {
        return history.isEmpty() ? null : history.getLast().id();
    }

    int clientCount() {
        return clients.size();
    }

    long missedEvents() {
        return missed.sum();
    }

    long slowClientsDisconnected() {
        return slowClients.sum();
    }

    long resetsSent() {
        return resets.sum();
    }

    /** @return event type → events received */
    Map<String, Long> eventsByType() {
        Map<String, Long> out = new TreeMap<>();
        eventsByType.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Sends a comment to every client (keeps proxies from closing idle streams, finds dead connections). */
    void heartbeat() {
        byte[] beat = ": heartbeat\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (SseClient c : clients) {
            if (!c.offer(beat)) {
                slowClients.increment();
                c.close();
            }
        }
    }

    /** Disconnects every client (the monitor stops). */
    void closeAll() {
        for (SseClient c : List.copyOf(clients)) {
            c.close();
        }
    }

    String encode(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event not serialisable: " + e.getMessage(), e);
        }
    }
}

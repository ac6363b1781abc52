package io.mahavishnu.bus.redis.internal;

import io.mahavishnu.api.bus.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;

/**
 * Writes messages into Redis: new ones (bounded queue, announced to every runtime's subscribers) and moved ones
 * (handed over by another transport: queued, not announced, never refused for the bound since they were accepted
 * before). Keeps an {@link Outbox} copy of every queued message until it is received, and puts the copies back when
 * the server lost its data, before anything new is written, so every queue keeps its order. Moved messages that
 * arrive while Redis is unreachable wait in memory (the backlog) and are written first when it is back.
 */
final class Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final int PRUNE_BATCH = 256;

    private final RedisLink link;
    private final Keys keys;
    private final RedisSettings settings;
    /** Copies of queued messages not yet received; synchronizes itself. */
    private final Outbox outbox = new Outbox();
    /** Serializes putting copies back, and guards {@link #knownEpoch} writes. */
    private final Object epochLock = new Object();
    /** The server epoch this runtime's copies were written under; empty until the first write. Written under {@link #epochLock}. */
    private volatile String knownEpoch = "";
    /** Moved messages not yet written, oldest first, with their JSON. Guarded by itself. */
    private final ArrayDeque<Pending> backlog = new ArrayDeque<>();

    private record Pending(Message message, String json) {
    }

    Publisher(RedisLink link, Keys keys, RedisSettings settings) {
        this.link = link;
        this.keys = keys;
        this.settings = settings;
    }

    /**
     * Queues (if targeted) and announces a new message.
     *
     * @return -1 if accepted, else the length of the full queue
     * @throws RedisUnavailableException if Redis cannot be reached; nothing was written then, unless the connection
     *                                   broke after the server ran the command (then receivers drop the duplicate
     *                                   of a re-published message by its id)
     */
    long publish(Message message, String json, int bound, String origin) {
        flushBacklog();
        return write(message, json, bound, true, origin);
    }

    /** Queues a moved message; if Redis cannot be reached it waits in the backlog (never refused). */
    void restore(Message message, String json) {
        synchronized (backlog) {
            if (backlog.isEmpty()) {
                try {
                    write(message, json, 0, false, "");
                    return;
                } catch (RedisUnavailableException e) {
                    LOG.warn("Redis is unreachable; moved messages wait in memory until it is back ({})",
                            e.getMessage());
                }
            }
            backlog.add(new Pending(message, json));
        }
    }

    /** @return moved messages still waiting for Redis, per pool */
    List<Message> backlog() {
        synchronized (backlog) {
            return backlog.stream().map(Pending::message).toList();
        }
    }

    /** @return and forget the moved messages still waiting for Redis */
    List<Message> drainBacklog() {
        synchronized (backlog) {
            List<Message> left = backlog.stream().map(Pending::message).toList();
            backlog.clear();
            return left;
        }
    }

    /** A queue was emptied, removed or moved away: its copies and waiting messages are no longer ours to keep. */
    int forget(String poolId) {
        outbox.forget(keys.queue(poolId));
        synchronized (backlog) {
            int before = backlog.size();
            backlog.removeIf(p -> poolId.equals(p.message().targetPoolId()));
            return before - backlog.size();
        }
    }

    /** @return copies kept for messages not yet received */
    int retained() {
        return outbox.size();
    }

    /**
     * Periodic work while Redis is reachable: put copies back if the server lost its data, write the backlog, and
     * drop the copies of messages that were received.
     */
    void maintain() {
        String epoch = knownEpoch;
        if (!epoch.isEmpty() && !epoch.equals(serverEpoch())) {
            putBack();
        }
        flushBacklog();
        prune();
    }

    private String serverEpoch() {
        return link.call(j -> (String) j.eval(Scripts.EPOCH, List.of(keys.epoch()), List.of(newEpoch())));
    }

    private void flushBacklog() {
        synchronized (backlog) {
            while (!backlog.isEmpty()) {
                Pending p = backlog.peek();
                write(p.message(), p.json(), 0, false, "");
                backlog.poll();
            }
        }
    }

    /** @return -1 if written, else the length of the full queue */
    private long write(Message message, String json, int bound, boolean announce, String origin) {
        String queue = message.isTargeted() ? keys.queue(message.targetPoolId()) : null;
        for (int attempt = 0; attempt < 3; attempt++) {
            String expected = knownEpoch;
            List<String> keyList = queue == null ? List.of(keys.epoch(), keys.events())
                    : List.of(keys.epoch(), keys.events(), queue);
            List<String> args = List.of(json, origin, Integer.toString(settings.eventsMaxLength()),
                    Integer.toString(bound), Keys.GROUP, expected, newEpoch(), announce ? "1" : "0");
            List<String> reply = strings(link.call(j -> j.eval(Scripts.SEND, keyList, args)));
            String status = reply.get(0);
            if ("stale".equals(status)) {
                putBack();
                continue;
            }
            adopt(expected, reply.get(2));
            if ("full".equals(status)) {
                return Long.parseLong(reply.get(1));
            }
            if (queue != null) {
                outbox.add(new Outbox.Copy(queue, json, new StreamEntryID(reply.get(1)), reply.get(2)));
            }
            return -1;
        }
        throw new RedisUnavailableException("the data of Redis at " + link.address()
                + " was lost repeatedly while publishing", null);
    }

    private void adopt(String expected, String epoch) {
        if (expected.isEmpty()) {
            synchronized (epochLock) {
                if (knownEpoch.isEmpty()) {
                    knownEpoch = epoch;
                }
            }
        }
    }

    /** The server lost its data: queue every copy again, in order, then continue under the new epoch. */
    private void putBack() {
        synchronized (epochLock) {
            String current = serverEpoch();
            if (current.equals(knownEpoch)) {
                return; // another thread already did it
            }
            List<Outbox.Copy> stale = outbox.takeStale(current);
            int i = 0;
            try {
                for (; i < stale.size(); i++) {
                    Outbox.Copy c = stale.get(i);
                    List<String> args = List.of(c.json(), "", "0", "0", Keys.GROUP, current, current, "0");
                    List<String> reply = strings(link.call(j -> j.eval(Scripts.SEND,
                            List.of(keys.epoch(), keys.events(), c.key()), args)));
                    if (!"ok".equals(reply.get(0))) {
                        throw new RedisUnavailableException("the data of Redis at " + link.address()
                                + " changed again while messages were put back", null);
                    }
                    outbox.add(new Outbox.Copy(c.key(), c.json(), new StreamEntryID(reply.get(1)), current));
                }
            } finally {
                // Whatever could not be written yet stays a stale copy, to be put back on the next try.
                for (int j = i; j < stale.size(); j++) {
                    outbox.add(stale.get(j));
                }
            }
            knownEpoch = current;
            if (!stale.isEmpty()) {
                LOG.warn("Redis at {} lost its data (restarted without persistence, or flushed); queued again the {} "
                        + "messages this runtime had published that no runtime had received yet", link.address(),
                        stale.size());
            }
        }
    }

    private void prune() {
        List<String> queues = outbox.keys();
        for (int from = 0; from < queues.size(); from += PRUNE_BATCH) {
            List<String> batch = queues.subList(from, Math.min(queues.size(), from + PRUNE_BATCH));
            String epoch = knownEpoch;
            List<String> keyList = new ArrayList<>(batch.size() + 1);
            keyList.add(keys.epoch());
            keyList.addAll(batch);
            List<String> reply = strings(link.call(j -> j.eval(Scripts.FIRST_IDS, keyList, List.of(epoch))));
            if (!"ok".equals(reply.get(0))) {
                return; // the server lost its data: the next round puts the copies back
            }
            for (int i = 0; i < batch.size(); i++) {
                String first = reply.get(i + 1);
                outbox.prune(batch.get(i), epoch, first.isEmpty() ? null : new StreamEntryID(first));
            }
        }
    }

    private static String newEpoch() {
        return UUID.randomUUID().toString();
    }

    /** Script replies arrive as byte arrays or strings depending on the call; normalise to strings. */
    static List<String> strings(Object reply) {
        List<String> out = new ArrayList<>();
        if (reply instanceof List<?> list) {
            for (Object o : list) {
                out.add(o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o));
            }
        }
        return out;
    }
}

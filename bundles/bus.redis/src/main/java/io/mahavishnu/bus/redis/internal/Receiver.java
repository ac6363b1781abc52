package io.mahavishnu.bus.redis.internal;

import io.mahavishnu.api.bus.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Receives from pool queues through the shared consumer group, as this runtime's consumer. Each read first takes
 * back what this consumer received earlier without acknowledging (it crashed, or an acknowledgement failed), then,
 * now and then, claims what another consumer received and left unacknowledged for the claim idle time (it
 * crashed), then waits for new entries. What it returns is acknowledged and deleted from the stream at once; a
 * message seen before (by id) is acknowledged but not returned again.
 */
final class Receiver {

    private static final Logger LOG = LoggerFactory.getLogger(Receiver.class);
    private static final int MAX_COUNT = 1000;
    private static final StreamEntryID OWN_PENDING = new StreamEntryID(0, 0);

    private final RedisLink link;
    private final Keys keys;
    private final MessageCodec codec;
    private final String consumer;
    private final long claimIdleMs;
    private final long claimEveryNanos;
    private final BiConsumer<Message, String> lost;
    /** Ids of messages already returned by this opening; synchronizes itself. */
    private final RecentIds seen = new RecentIds(20_000);
    /** Pools whose own unacknowledged entries were taken back since the link last failed. Concurrent set. */
    private final Set<String> recovered = ConcurrentHashMap.newKeySet();
    /** Pool → when other consumers' idle entries were last claimed ({@code System.nanoTime()}). Concurrent map. */
    private final Map<String, Long> lastClaim = new ConcurrentHashMap<>();
    /** Queue key → entry ids received but not yet acknowledged because the acknowledgement failed. Concurrent map. */
    private final Map<String, Set<StreamEntryID>> unacked = new ConcurrentHashMap<>();

    /**
     * @param consumer    this runtime's consumer name
     * @param claimIdleMs idle time after which another consumer's entries are claimed
     * @param lost        where unreadable entries are reported
     */
    Receiver(RedisLink link, Keys keys, MessageCodec codec, String consumer, long claimIdleMs,
             BiConsumer<Message, String> lost) {
        this.link = link;
        this.keys = keys;
        this.codec = codec;
        this.consumer = consumer;
        this.claimIdleMs = claimIdleMs;
        this.claimEveryNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(50, Math.min(5_000, claimIdleMs / 4)));
        this.lost = lost;
    }

    /**
     * Waits up to {@code timeoutNanos} for messages of a pool. While Redis is unreachable it waits for it to come
     * back (and returns nothing if it does not within the timeout), so receivers resume by themselves.
     *
     * @param open false once the transport stopped being used; the wait then ends within {@link RedisLink#MAX_BLOCK_MS}
     */
    List<Message> poll(String poolId, int max, long timeoutNanos, BooleanSupplier open) throws InterruptedException {
        String key = keys.queue(poolId);
        int count = Math.min(max, MAX_COUNT);
        long deadline = System.nanoTime() + timeoutNanos;
        while (open.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (!link.isUp()) {
                if (left <= 0 || !link.awaitUp(Math.min(left, TimeUnit.MILLISECONDS.toNanos(RedisLink.MAX_BLOCK_MS)))) {
                    if (left <= 0) {
                        return List.of();
                    }
                    continue;
                }
            }
            int block = (int) Math.min(RedisLink.MAX_BLOCK_MS, Math.max(0, TimeUnit.NANOSECONDS.toMillis(left)));
            List<StreamEntry> entries;
            try {
                entries = link.call(j -> read(j, poolId, key, count, block));
            } catch (RedisUnavailableException e) {
                recovered.clear();
                if (link.isUp()) {
                    throw e; // not an outage (e.g. every connection busy): the receiver sees it
                }
                continue;
            }
            List<Message> messages = accept(key, entries);
            if (!messages.isEmpty() || System.nanoTime() >= deadline) {
                return messages;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return List.of();
    }

    /** Retries acknowledgements that failed, so those entries leave their streams. */
    void retryAcks() {
        for (Map.Entry<String, Set<StreamEntryID>> e : unacked.entrySet()) {
            List<StreamEntryID> ids = List.copyOf(e.getValue());
            if (!ids.isEmpty()) {
                ack(e.getKey(), ids);
                e.getValue().removeAll(ids);
            }
        }
        unacked.values().removeIf(Set::isEmpty);
    }

    private List<StreamEntry> read(Jedis j, String poolId, String key, int count, int block) {
        try {
            return readOnce(j, poolId, key, count, block);
        } catch (JedisDataException e) {
            String m = String.valueOf(e.getMessage());
            if (!m.startsWith("NOGROUP") && !m.contains("no such key")) {
                throw e;
            }
            // The queue does not exist yet, or the server lost it: create it empty with the group, then read.
            try {
                j.xgroupCreate(key, Keys.GROUP, OWN_PENDING, true);
            } catch (JedisDataException busy) {
                // BUSYGROUP: another runtime created it first.
            }
            return readOnce(j, poolId, key, count, block);
        }
    }

    private List<StreamEntry> readOnce(Jedis j, String poolId, String key, int count, int block) {
        if (!recovered.contains(poolId)) {
            List<StreamEntry> own = entries(j.xreadGroup(Keys.GROUP, consumer,
                    XReadGroupParams.xReadGroupParams().count(count), Map.of(key, OWN_PENDING)));
            if (!own.isEmpty()) {
                LOG.info("Re-delivering {} messages of pool {} that this runtime ({}) had received but not "
                        + "acknowledged", own.size(), poolId, consumer);
                return own;
            }
            recovered.add(poolId);
        }
        long now = System.nanoTime();
        Long last = lastClaim.get(poolId);
        if (last == null || now - last >= claimEveryNanos) {
            lastClaim.put(poolId, now);
            Map.Entry<StreamEntryID, List<StreamEntry>> claimed = j.xautoclaim(key, Keys.GROUP, consumer, claimIdleMs,
                    OWN_PENDING, XAutoClaimParams.xAutoClaimParams().count(count));
            List<StreamEntry> taken = claimed == null || claimed.getValue() == null ? List.of() : claimed.getValue();
            if (!taken.isEmpty()) {
                LOG.warn("Claimed {} messages of pool {} that another runtime received but did not acknowledge "
                        + "within {} ms (it stopped); re-delivering them", taken.size(), poolId, claimIdleMs);
                return taken;
            }
        }
        XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(count);
        if (block > 0) {
            params.block(block);
        }
        return entries(j.xreadGroup(Keys.GROUP, consumer, params,
                Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)));
    }

    private static List<StreamEntry> entries(List<Map.Entry<String, List<StreamEntry>>> reply) {
        if (reply == null) {
            return List.of();
        }
        List<StreamEntry> all = new ArrayList<>();
        for (Map.Entry<String, List<StreamEntry>> stream : reply) {
            if (stream.getValue() != null) {
                all.addAll(stream.getValue());
            }
        }
        return all;
    }

    /** Decodes and acknowledges; returns the messages not seen before. */
    private List<Message> accept(String key, List<StreamEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        List<Message> messages = new ArrayList<>(entries.size());
        List<StreamEntryID> ids = new ArrayList<>(entries.size());
        for (StreamEntry entry : entries) {
            ids.add(entry.getID());
            Map<String, String> fields = entry.getFields();
            String json = fields == null ? null : fields.get("m");
            if (json == null) {
                continue; // deleted after it was received: nothing left to deliver
            }
            try {
                Message m = codec.decode(json);
                if (seen.firstTime(m.id())) {
                    messages.add(m);
                }
            } catch (IllegalArgumentException e) {
                lost.accept(null, "entry " + entry.getID() + " of " + key + " is unreadable (" + e.getMessage()
                        + "); it was removed");
            }
        }
        try {
            ack(key, ids);
        } catch (RedisUnavailableException e) {
            // The messages are returned anyway; the acknowledgement is retried once Redis is back.
            unacked.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).addAll(ids);
        }
        return messages;
    }

    private void ack(String key, List<StreamEntryID> ids) {
        List<String> args = new ArrayList<>(ids.size() + 1);
        args.add(Keys.GROUP);
        ids.forEach(id -> args.add(id.toString()));
        link.call(j -> j.eval(Scripts.ACK, List.of(key), args));
    }
}

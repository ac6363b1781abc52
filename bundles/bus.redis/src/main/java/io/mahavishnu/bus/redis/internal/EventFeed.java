package io.mahavishnu.bus.redis.internal;

import io.mahavishnu.api.bus.Message;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Feeds this runtime's subscribers from the shared event stream, on a thread of its own with a connection of its
 * own. Every runtime reads the whole stream, so every runtime's subscribers see every message; messages this
 * runtime published were already handed to its subscribers when they were published and are skipped here (by the
 * origin tag of this opening), and a message id seen before is dropped, so each runtime's subscribers get each
 * message once. After a connection failure it resumes from the last entry it read.
 */
final class EventFeed implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
    private static final int BATCH = 256;
    private static final StreamEntryID BEGINNING = new StreamEntryID(0, 0);

    private final RedisLink link;
    private final Keys keys;
    private final MessageCodec codec;
    private final String origin;
    private final Consumer<Message> deliver;
    /** Ids already handed to subscribers; only the feed thread uses it. */
    private final RecentIds seen = new RecentIds(20_000);
    private final Thread thread;
    /** Last entry read; null until the start point is known. Only the feed thread writes it after start. */
    private volatile StreamEntryID last;
    /** Set once by {@link #stop()}. */
    private volatile boolean stopped;

    /**
     * @param origin  tag of this opening's own messages
     * @param deliver hands a message to this runtime's subscribers
     * @param start   last entry already in the stream when the transport was opened; null if not known (Redis
     *                unreachable), then the feed starts after the entries present when it first connects
     */
    EventFeed(RedisLink link, Keys keys, MessageCodec codec, String origin, Consumer<Message> deliver,
              StreamEntryID start) {
        this.link = link;
        this.keys = keys;
        this.codec = codec;
        this.origin = origin;
        this.deliver = deliver;
        this.last = start;
        this.thread = new Thread(this, "mahavishnu-bus-redis-events");
        thread.setDaemon(true);
    }

    /** @return the id of the newest entry of the event stream, or 0-0 if it is empty */
    static StreamEntryID newest(Jedis jedis, Keys keys) {
        List<StreamEntry> newest = jedis.xrevrange(keys.events(), "+", "-", 1);
        return newest == null || newest.isEmpty() ? BEGINNING : newest.get(0).getID();
    }

    void start() {
        thread.start();
    }

    /** Stops reading; returns once the thread ended (within about {@link RedisLink#MAX_BLOCK_MS}). */
    void stop() {
        stopped = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                if (!link.awaitUp(TimeUnit.MILLISECONDS.toNanos(RedisLink.MAX_BLOCK_MS))) {
                    continue;
                }
                try (Jedis jedis = link.dedicated()) {
                    if (last == null) {
                        last = newest(jedis, keys);
                    }
                    readUntilStopped(jedis);
                } catch (JedisConnectionException e) {
                    if (!stopped) {
                        link.failed(e);
                    }
                }
            } catch (RedisUnavailableException e) {
                // Marked down and logged by the link; wait for it to come back.
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Reading the Redis event stream failed; retrying", e);
                try {
                    link.awaitUp(TimeUnit.SECONDS.toNanos(1));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void readUntilStopped(Jedis jedis) {
        XReadParams params = XReadParams.xReadParams().count(BATCH).block(RedisLink.MAX_BLOCK_MS);
        while (!stopped) {
            List<Map.Entry<String, List<StreamEntry>>> reply = jedis.xread(params, Map.of(keys.events(), last));
            if (reply == null) {
                continue;
            }
            for (Map.Entry<String, List<StreamEntry>> stream : reply) {
                for (StreamEntry entry : stream.getValue()) {
                    last = entry.getID();
                    if (!stopped) {
                        handle(entry);
                    }
                }
            }
        }
    }

    private void handle(StreamEntry entry) {
        Map<String, String> fields = entry.getFields();
        if (fields == null || origin.equals(fields.get("o")) || fields.get("m") == null) {
            return;
        }
        Message message;
        try {
            message = codec.decode(fields.get("m"));
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping entry {} of the Redis event stream {}: {}", entry.getID(), keys.events(),
                    e.getMessage());
            return;
        }
        if (seen.firstTime(message.id())) {
            deliver.accept(message);
        }
    }
}

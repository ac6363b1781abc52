package io.mahavishnu.bus.redis.internal;

import io.mahavishnu.api.bus.BusRejectedException;
import io.mahavishnu.api.bus.BusTransport;
import io.mahavishnu.api.bus.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The {@code redis} bus transport: several runtimes pointed at one Redis server share one message bus.
 *
 * <ul>
 * <li>Each pool's queue is a Redis stream read through one consumer group shared by all runtimes ({@link Receiver}):
 * each message is received once, at least once (a runtime that crashes after receiving and before acknowledging
 * gets it again at restart, or another runtime claims it after {@code claim_idle_ms}).</li>
 * <li>Every message, targeted or not, is also appended to a shared event stream that every runtime reads to feed
 * its own subscribers ({@link EventFeed}); this runtime's own messages go to its subscribers when published.</li>
 * <li>A queue holds at most {@code max_queue_size} messages not yet received: a publish to a full queue is rejected
 * with {@link BusRejectedException}, never trimmed away.</li>
 * <li>When Redis is unreachable, publishing fails at once and visibly; the link reconnects with backoff and
 * receiving resumes by itself ({@link RedisLink}). Queued messages survive a server that lost its data, because
 * the publisher keeps copies until they are received ({@link Publisher}).</li>
 * </ul>
 *
 * <p>On a hand-over to another transport, the queues of the pools this runtime receives from (it polled them or had
 * their messages moved in, remembered in Redis across restarts) are taken out of Redis and returned, so this
 * runtime's receivers find them on the next transport; every other queue stays in Redis for the runtimes that
 * still use it. {@link #close()} keeps every queue (Redis is
 * durable). The bus never calls {@link #send} concurrently with {@link #open}, {@link #handOver} or {@link #close}.
 */
@Component(service = BusTransport.class, configurationPid = RedisTransport.PID,
        property = BusTransport.TRANSPORT + "=" + RedisTransport.NAME)
@Designate(ocd = RedisBusConfig.class)
public class RedisTransport implements BusTransport {

    /** Name of this transport. */
    public static final String NAME = "redis";
    /** Configuration PID. */
    public static final String PID = "io.mahavishnu.bus.redis";

    private static final Logger LOG = LoggerFactory.getLogger(RedisTransport.class);

    /** One use of the transport by the bus, from open to hand-over or close. */
    private record Opening(Context context, String origin, EventFeed feed, Receiver receiver) {
    }

    private final RedisSettings settings;
    /** Null in unit tests. */
    private final BundleContext bundleContext;
    private final String runtimeId;
    private final Keys keys;
    private final MessageCodec codec = new MessageCodec();
    private final RedisLink link;
    private final Publisher publisher;
    /** Orders open against hand-over and close. */
    private final Object lifecycle = new Object();
    /** The current opening; null while closed. Written under {@link #lifecycle}. */
    private volatile Opening opening;
    /**
     * Pools whose queues this runtime receives from (it polled them, or had their messages moved in), as far as this
     * instance knows; also kept in Redis ({@link Keys#receivers}) so a restarted runtime or redeployed bundle still
     * knows them. Concurrent set.
     */
    private final Set<String> ownPools = ConcurrentHashMap.newKeySet();

    /**
     * DS constructor.
     *
     * @param config  settings
     * @param context the bundle context, for the default runtime id
     */
    @Activate
    public RedisTransport(RedisBusConfig config, BundleContext context) {
        this(RedisSettings.of(config), context);
    }

    RedisTransport(RedisSettings settings, BundleContext context) {
        this.settings = settings;
        this.bundleContext = context;
        this.runtimeId = RuntimeIdentity.resolve(settings.runtimeId(), context);
        this.keys = new Keys(settings.keyPrefix());
        this.link = new RedisLink(settings, this::maintain);
        this.publisher = new Publisher(link, keys, settings);
        link.start();
        LOG.info("Redis bus transport for {} as runtime {}", settings, runtimeId);
    }

    @Deactivate
    void deactivate() {
        close();
        link.close();
    }

    /**
     * This runtime's consumer name in the queues' consumer groups, also its name for other runtimes on this bus (the
     * federation addresses runtimes by it), so that both agree and one setting ({@code redis_runtime_id}) names it.
     */
    @Override
    public String runtimeId() {
        return runtimeId;
    }

    @Override
    public void open(Context context) {
        synchronized (lifecycle) {
            StreamEntryID start = null;
            try {
                start = link.call(j -> EventFeed.newest(j, keys));
            } catch (RedisUnavailableException e) {
                LOG.warn("Opening the Redis bus transport while Redis is unreachable: {}", e.getMessage());
            }
            String origin = runtimeId + "/" + UUID.randomUUID();
            EventFeed feed = new EventFeed(link, keys, codec, origin, context::deliver, start);
            Receiver receiver = new Receiver(link, keys, codec, runtimeId, settings.claimIdleMs(), context::lost);
            opening = new Opening(context, origin, feed, receiver);
            feed.start();
        }
    }

    @Override
    public void send(Message message) {
        Opening o = opening;
        if (o == null) {
            throw new BusRejectedException("The redis bus transport is not in use; " + describe(message)
                    + " rejected");
        }
        String json = encode(message);
        long full;
        try {
            full = publisher.publish(message, json, message.isTargeted() ? o.context().maxQueueSize() : 0,
                    o.origin());
        } catch (RedisUnavailableException e) {
            throw new BusRejectedException(describe(message) + " rejected: " + e.getMessage()
                    + ". Publish it again later.", e);
        }
        if (full >= 0) {
            throw new BusRejectedException("Queue of pool " + message.targetPoolId() + " is full (max_queue_size="
                    + o.context().maxQueueSize() + ", " + full + " messages not yet received); " + describe(message)
                    + " rejected. Receive from the queue, or raise max_queue_size.");
        }
        o.context().deliver(message);
    }

    /** Moved messages are never refused: what Redis cannot take now waits in memory until it is back. */
    @Override
    public List<Message> restore(List<Message> queued) {
        List<Message> refused = new ArrayList<>();
        for (Message message : queued) {
            if (!message.isTargeted()) {
                continue;
            }
            String json;
            try {
                json = codec.encode(message);
            } catch (IllegalArgumentException e) {
                refused.add(message);
                continue;
            }
            publisher.restore(message, json);
            own(message.targetPoolId());
        }
        return refused;
    }

    @Override
    public List<Message> poll(String poolId, int max, Duration timeout) throws InterruptedException {
        Opening o = opening;
        if (o == null) {
            return List.of();
        }
        own(poolId);
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        return o.receiver().poll(poolId, max, nanos, () -> opening == o);
    }

    @Override
    public int size(String poolId) {
        long waiting = publisher.backlog().stream().filter(m -> poolId.equals(m.targetPoolId())).count();
        try {
            return (int) (link.call(j -> j.xlen(keys.queue(poolId))) + waiting);
        } catch (RedisUnavailableException e) {
            throw new IllegalStateException("Cannot read the size of the queue of pool " + poolId + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public int clear(String poolId, boolean remove) {
        int discarded = publisher.forget(poolId);
        try {
            Object n = link.call(j -> {
                if (remove) {
                    j.srem(keys.receivers(runtimeId), poolId);
                }
                return j.eval(Scripts.CLEAR, List.of(keys.queue(poolId)), List.of(Keys.GROUP, remove ? "1" : "0"));
            });
            if (remove) {
                ownPools.remove(poolId);
            }
            return discarded + ((Number) n).intValue();
        } catch (RedisUnavailableException e) {
            throw new IllegalStateException("Cannot clear the queue of pool " + poolId + ": " + e.getMessage(), e);
        }
    }

    /** @return every queue of the bus in Redis (all runtimes'), plus moved messages waiting for Redis */
    @Override
    public Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new TreeMap<>(link.call(this::scanSizes));
        for (Message m : publisher.backlog()) {
            sizes.merge(m.targetPoolId(), 1, Integer::sum);
        }
        return sizes;
    }

    private Map<String, Integer> scanSizes(Jedis jedis) {
        Map<String, Integer> sizes = new TreeMap<>();
        ScanParams params = new ScanParams().match(keys.queuePattern()).count(500);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = jedis.scan(cursor, params);
            for (String key : page.getResult()) {
                String pool = keys.poolOf(key);
                if (pool != null) {
                    sizes.put(pool, (int) jedis.xlen(key));
                }
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return sizes;
    }

    /**
     * Takes this runtime's queues out of Redis: those of the pools it receives from (see {@link #ownPools}). Other
     * queues stay in Redis, where the runtimes still using it receive them.
     */
    @Override
    public List<Message> handOver() {
        Opening o = stop();
        if (o == null) {
            return List.of();
        }
        if (frameworkStopping()) {
            // The whole runtime stops (its bundles stop one by one): the next transport would only hold the queues
            // in memory until the bus stops too, so they stay in Redis for the next start.
            LOG.info("Runtime stopping: the queues of its pools stay in Redis for the next start");
            return publisher.drainBacklog();
        }
        List<Message> moved = new ArrayList<>();
        Set<String> pools = new TreeSet<>(ownPools);
        try {
            pools.addAll(link.call(j -> j.smembers(keys.receivers(runtimeId))));
        } catch (RedisUnavailableException e) {
            // Taking queues needs Redis as well; each pool below reports it.
        }
        for (String pool : pools) {
            try {
                List<String> taken = Publisher.strings(link.call(j -> j.eval(Scripts.TAKE,
                        List.of(keys.queue(pool)), List.of(Keys.GROUP, Long.toString(settings.claimIdleMs())))));
                // The script removed the entries from Redis: each is decoded on its own, so one unreadable entry is
                // reported as lost without taking the ones after it along.
                for (String json : taken) {
                    try {
                        moved.add(codec.decode(json));
                    } catch (IllegalArgumentException e) {
                        o.context().lost(null, "an entry of the queue of pool " + pool + " is unreadable: "
                                + e.getMessage());
                    }
                }
                publisher.forget(pool);
            } catch (RedisUnavailableException e) {
                LOG.warn("Redis is unreachable during the transport switch; the messages queued in Redis for pool "
                        + "{} stay there until a runtime receives them through Redis: {}", pool, e.getMessage());
            }
        }
        moved.addAll(publisher.drainBacklog());
        LOG.info("Redis bus transport handed over {} messages queued for pools of this runtime {}; queues of other "
                + "pools stay in Redis", moved.size(), pools);
        return moved;
    }

    /** Keeps the queues in Redis; only moved messages still waiting for Redis are lost (and reported). */
    @Override
    public void close() {
        Opening o = stop();
        if (o == null) {
            return;
        }
        for (Message m : publisher.drainBacklog()) {
            o.context().lost(m, "Redis was unreachable until the bus stopped, so this moved message was never "
                    + "written to it");
        }
    }

    private boolean frameworkStopping() {
        if (bundleContext == null) {
            return false;
        }
        try {
            return bundleContext.getBundle(Constants.SYSTEM_BUNDLE_ID).getState() == Bundle.STOPPING;
        } catch (IllegalStateException e) {
            return true; // our context is no longer valid: we are going away with the framework
        }
    }

    /** Remembers that this runtime receives from a pool's queue, here and in Redis (once per pool and instance). */
    private void own(String poolId) {
        if (ownPools.add(poolId)) {
            try {
                link.call(j -> j.sadd(keys.receivers(runtimeId), poolId));
            } catch (RedisUnavailableException e) {
                ownPools.remove(poolId); // written on a later call
            }
        }
    }

    private Opening stop() {
        Opening o;
        synchronized (lifecycle) {
            o = opening;
            opening = null;
        }
        if (o != null) {
            o.feed().stop();
        }
        return o;
    }

    /** Runs on the link's thread every second while Redis is reachable, and right after it comes back. */
    private void maintain() {
        publisher.maintain();
        Opening o = opening;
        if (o != null) {
            o.receiver().retryAcks();
        }
    }

    private String encode(Message message) {
        try {
            return codec.encode(message);
        } catch (IllegalArgumentException e) {
            throw new BusRejectedException(describe(message) + " rejected: " + e.getMessage(), e);
        }
    }

    private static String describe(Message message) {
        return message.type().wireName() + " message " + message.id()
                + (message.isTargeted() ? " for pool " + message.targetPoolId() : "");
    }
}

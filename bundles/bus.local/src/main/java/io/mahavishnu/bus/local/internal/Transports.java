package io.mahavishnu.bus.local.internal;

import io.mahavishnu.api.bus.BusRejectedException;
import io.mahavishnu.api.bus.BusTransport;
import io.mahavishnu.api.bus.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployed {@link BusTransport}s and the one in use: the configured transport if it is deployed, else
 * {@code local}, else none.
 *
 * <p>One read/write lock coordinates everything: sending and queue operations hold the read lock; switching
 * (a config change, a transport arriving or leaving, shutdown) holds the write lock. A switch hands the old
 * transport's queued messages over to the next one, in order and without delivering them to subscribers again, so
 * nothing accepted is lost; a message the next transport cannot take is logged and counted as lost. Blocking polls do not hold
 * the lock (see {@link MessageBusImpl}), so a waiting receiver never delays a switch.
 */
final class Transports {

    private static final Logger LOG = LoggerFactory.getLogger(Transports.class);

    /** Name reported when no transport is active. */
    static final String NONE = "none";

    /** The transport in use and the context it was opened with. */
    record Active(String name, BusTransport transport, TransportContext context) {
    }

    private record Deployed(String name, BusTransport transport) {
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Whether the active transport failed to report its queue sizes last time (logged once per outage). */
    private volatile boolean sizesFailing;
    /** Deployed transports in arrival order; the first of a name is used. Guarded by {@link #lock}. */
    private final List<Deployed> deployed = new ArrayList<>();
    /** The transport in use, null if none. Written under the write lock, read under the read lock. */
    private Active active;
    /** Configured transport name. Guarded by {@link #lock}. */
    private String configured;
    /** Queue bound given to transports when opened. Guarded by {@link #lock}. */
    private int maxQueueSize;
    /** Set at shutdown; afterwards no transport is opened. Guarded by {@link #lock}. */
    private boolean stopped;
    private final Consumer<Message> subscribers;
    private final BusCounters counters;

    /**
     * @param configured   configured transport name
     * @param maxQueueSize bound of each queue
     * @param subscribers  where transports' deliveries go
     * @param counters     where messages lost in a switch are counted
     */
    Transports(String configured, int maxQueueSize, Consumer<Message> subscribers, BusCounters counters) {
        this.configured = configured;
        this.maxQueueSize = maxQueueSize;
        this.subscribers = subscribers;
        this.counters = counters;
    }

    void add(String name, BusTransport transport) {
        lock.writeLock().lock();
        try {
            deployed.add(new Deployed(name, transport));
            reselect(false);
        } finally {
            lock.writeLock().unlock();
        }
    }

    void remove(BusTransport transport) {
        lock.writeLock().lock();
        try {
            deployed.removeIf(d -> d.transport() == transport);
            if (active != null && active.transport() == transport) {
                reselect(true);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A deployed transport's name changed (its service properties were updated). */
    void rename(String name, BusTransport transport) {
        lock.writeLock().lock();
        try {
            for (int i = 0; i < deployed.size(); i++) {
                Deployed d = deployed.get(i);
                if (d.transport() == transport && !d.name().equals(name)) {
                    deployed.set(i, new Deployed(name, transport));
                    reselect(active != null && active.transport() == transport);
                    return;
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Applies new settings; a new queue bound re-opens the transport so its queues get the new bound. */
    void configure(String name, int queueBound) {
        lock.writeLock().lock();
        try {
            boolean newBound = queueBound != maxQueueSize;
            configured = name;
            maxQueueSize = queueBound;
            reselect(newBound);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Closes the transport in use for good; what it still held is discarded (and logged). */
    void stop() {
        lock.writeLock().lock();
        try {
            stopped = true;
            if (active == null) {
                return;
            }
            int left = queued(active);
            active.context().close();
            try {
                active.transport().close();
            } catch (RuntimeException e) {
                LOG.error("Bus transport {} failed to close", active.name(), e);
            }
            if (left == 0) {
                LOG.info("Message bus stopped; bus transport {} closed with no queued messages", active.name());
            } else if (LocalTransport.NAME.equals(active.name())) {
                LOG.warn("Message bus stopped; {} queued messages of bus transport {} discarded (local queues live "
                        + "in memory only)", left, active.name());
            } else {
                LOG.info("Message bus stopped; bus transport {} keeps its {} queued messages", active.name(), left);
            }
            active = null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Sends through the transport in use.
     *
     * @throws BusRejectedException if none is active, or it refused or failed (the cause is kept)
     */
    void send(Message message) {
        lock.readLock().lock();
        try {
            Active a = requireActive();
            try {
                a.transport().send(message);
            } catch (BusRejectedException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new BusRejectedException("Bus transport " + a.name() + " failed to accept "
                        + message.type().wireName() + " message " + message.id() + ": " + e.getMessage(), e);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs a quick operation on the transport in use, which cannot be switched meanwhile.
     *
     * @throws BusRejectedException if none is active
     */
    <T> T apply(Function<BusTransport, T> operation) {
        lock.readLock().lock();
        try {
            return operation.apply(requireActive().transport());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Like {@link #apply}, but returns {@code orElse} when no transport is active. */
    <T> T applyOrElse(Function<BusTransport, T> operation, T orElse) {
        lock.readLock().lock();
        try {
            return active == null ? orElse : operation.apply(active.transport());
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * @return the transport in use; it may be switched as soon as this returns
     * @throws BusRejectedException if none is active
     */
    Active current() {
        lock.readLock().lock();
        try {
            return requireActive();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** @return true if {@code a} is still the transport in use */
    boolean isActive(Active a) {
        lock.readLock().lock();
        try {
            return active == a;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** @return active transport name (or {@value #NONE}) and its queue sizes, read consistently */
    Map.Entry<String, Map<String, Integer>> queueSizes() {
        lock.readLock().lock();
        try {
            if (active == null) {
                return Map.entry(NONE, Map.of());
            }
            try {
                Map<String, Integer> sizes = active.transport().sizes();
                if (sizesFailing) {
                    sizesFailing = false;
                    LOG.info("Bus transport {} reports its queue sizes again", active.name());
                }
                return Map.entry(active.name(), sizes);
            } catch (RuntimeException e) {
                // once per outage: statistics are read often (metrics scrapes, dashboards)
                if (!sizesFailing) {
                    sizesFailing = true;
                    LOG.warn("Bus transport {} failed to report its queue sizes (shown empty until it does): {}",
                            active.name(), e.toString());
                } else {
                    LOG.debug("Bus transport {} still fails to report its queue sizes: {}", active.name(),
                            e.toString());
                }
                return Map.entry(active.name(), Map.of());
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** @return the active transport; call with the lock held @throws BusRejectedException if none */
    private Active requireActive() {
        if (active == null) {
            List<String> names = deployed.stream().map(Deployed::name).toList();
            throw new BusRejectedException("No bus transport is active (configured: " + configured + ", deployed: "
                    + names + "); deploy the " + configured + " transport or set bus_transport to a deployed one");
        }
        return active;
    }

    // --- switching, always under the write lock ---------------------------------------------------------

    /** @param force close and re-open even if the right transport is already in use */
    private void reselect(boolean force) {
        if (stopped) {
            return;
        }
        List<Deployed> candidates = candidates();
        Active old = active;
        if (!force && old != null && !candidates.isEmpty() && candidates.get(0).transport() == old.transport()) {
            return;
        }
        if (!force && old == null && candidates.isEmpty()) {
            return;
        }
        List<Message> moved = old == null ? List.of() : handOver(old);
        active = null;
        for (Deployed candidate : candidates) {
            active = open(candidate);
            if (active != null) {
                break;
            }
        }
        if (active != null && !active.name().equals(configured)) {
            LOG.warn("Bus transport '{}' is {}; using {}", configured,
                    find(configured) == null ? "not deployed" : "not usable", active.name());
        } else if (active == null) {
            LOG.warn("No bus transport is active (configured: {}, deployed: {}); messages are refused until a "
                    + "transport is deployed and opens", configured, deployed.stream().map(Deployed::name).toList());
        }
        String from = old == null ? NONE : old.name();
        int count = move(moved, from);
        if (old == null && active == null) {
            return;
        }
        if (old != null && active != null && old.transport() == active.transport()) {
            LOG.info("bus transport {} reopened with max_queue_size={}, moved {} queued messages", active.name(),
                    maxQueueSize, count);
        } else {
            LOG.info("bus transport switched from {} to {}, moved {} queued messages", from,
                    active == null ? NONE : active.name(), count);
        }
    }

    /** @return the configured transport if deployed, then local if deployed */
    private List<Deployed> candidates() {
        List<Deployed> candidates = new ArrayList<>(2);
        Deployed wanted = find(configured);
        if (wanted != null) {
            candidates.add(wanted);
        }
        Deployed local = find(LocalTransport.NAME);
        if (local != null && local != wanted) {
            candidates.add(local);
        }
        return candidates;
    }

    private Deployed find(String name) {
        for (Deployed d : deployed) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    private Active open(Deployed d) {
        TransportContext context = new TransportContext(d.name(), maxQueueSize, subscribers, counters);
        try {
            d.transport().open(context);
            return new Active(d.name(), d.transport(), context);
        } catch (RuntimeException e) {
            context.close();
            LOG.error("Bus transport {} failed to open", d.name(), e);
            return null;
        }
    }

    private static List<Message> handOver(Active a) {
        a.context().close();
        try {
            List<Message> left = a.transport().handOver();
            return left == null ? List.of() : left;
        } catch (RuntimeException e) {
            LOG.error("Bus transport {} failed to hand over; the messages it held cannot be moved", a.name(), e);
            return List.of();
        }
    }

    private static int queued(Active a) {
        try {
            return a.transport().sizes().values().stream().mapToInt(Integer::intValue).sum();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * Restores what the old transport held into the active one, in order; subscribers already had these messages,
     * so they are not delivered again.
     *
     * @return how many were moved
     */
    private int move(List<Message> messages, String from) {
        if (messages.isEmpty()) {
            return 0;
        }
        if (active == null) {
            messages.forEach(m -> lost(m, from, "no bus transport is active"));
            return 0;
        }
        List<Message> refused;
        try {
            refused = active.transport().restore(messages);
        } catch (RuntimeException e) {
            messages.forEach(m -> lost(m, from, e.getMessage()));
            return 0;
        }
        refused = refused == null ? List.of() : refused;
        refused.forEach(m -> lost(m, from, "the queue is full"));
        return messages.size() - refused.size();
    }

    private void lost(Message m, String from, String reason) {
        counters.lost.increment();
        LOG.error("Queued {} message {} for pool {} lost moving from bus transport {} to {}: {}",
                m.type().wireName(), m.id(), m.targetPoolId(), from, active == null ? NONE : active.name(), reason);
    }
}

package io.mahavishnu.federation.internal;

import io.mahavishnu.api.manager.RemotePool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other runtimes as last heard, and their pools as routing sees them. A runtime is dropped when it says it leaves,
 * when it is silent for the runtime timeout ({@link #expire}), or replaced when it comes back as a new incarnation
 * (it restarted, losing what it was running); each drop is reported to the {@link Listener} exactly once.
 *
 * <p>Routing reads {@link #pools()} on every decision, so it is a prebuilt list, rebuilt when a heartbeat arrives, a
 * runtime is dropped or a task is sent: each pool's in-flight count includes the tasks this runtime sent it since
 * its last announcement, and its latency the measured round trip to its runtime.
 */
final class RemoteTable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteTable.class);
    /** Weight of a new round-trip sample in the moving average. */
    private static final double RTT_ALPHA = 0.2;

    /** Told when a runtime is dropped, with the incarnation that is gone. */
    interface Listener {
        void runtimeLost(String runtimeId, String incarnation, String reason);
    }

    /** One runtime as last heard; the announcement is replaced whole, the counters are shared with the next one. */
    private record Entry(Protocol.Heartbeat heartbeat, long heardNanos, Map<String, AtomicInteger> sentSince) {
    }

    private final String ownId;
    private final LongSupplier nanos;
    private final Listener listener;
    /** Runtime id → its last announcement. Updated under this table's monitor; read freely. */
    private final Map<String, Entry> runtimes = new ConcurrentHashMap<>();
    /** Runtime id → round-trip time EWMA in milliseconds. */
    private final Map<String, Double> rtt = new ConcurrentHashMap<>();
    private volatile List<RemotePool> snapshot = List.of();

    RemoteTable(String ownId, LongSupplier nanos, Listener listener) {
        this.ownId = ownId;
        this.nanos = nanos;
        this.listener = listener;
    }

    List<RemotePool> pools() {
        return snapshot;
    }

    /** @return the announcement of a runtime that is alive now */
    Optional<Protocol.Heartbeat> runtime(String runtimeId) {
        Entry e = runtimes.get(runtimeId);
        return e == null ? Optional.empty() : Optional.of(e.heartbeat());
    }

    /** @return ids of the runtimes alive now */
    List<String> runtimeIds() {
        return List.copyOf(runtimes.keySet());
    }

    void heartbeat(Protocol.Heartbeat hb) {
        if (hb.runtimeId() == null || hb.incarnation() == null) {
            return;
        }
        String lost = null;
        String reason = null;
        synchronized (this) {
            Entry previous = runtimes.get(hb.runtimeId());
            if (Protocol.LEAVING.equals(hb.state())) {
                if (previous != null && previous.heartbeat().incarnation().equals(hb.incarnation())) {
                    runtimes.remove(hb.runtimeId());
                    lost = previous.heartbeat().incarnation();
                    reason = "it stopped";
                }
            } else {
                if (previous != null && !previous.heartbeat().incarnation().equals(hb.incarnation())) {
                    lost = previous.heartbeat().incarnation();
                    reason = "it restarted";
                }
                Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
                runtimes.put(hb.runtimeId(), new Entry(hb, nanos.getAsLong(), sent));
                if (previous == null || lost != null) {
                    LOG.info("Runtime {} joined with {} pools", hb.runtimeId(), hb.pools() == null ? 0
                            : hb.pools().size());
                }
            }
            rebuild();
        }
        if (lost != null) {
            LOG.warn("Runtime {} dropped from routing: {}", hb.runtimeId(), reason);
            listener.runtimeLost(hb.runtimeId(), lost, reason);
        }
    }

    /** Drops runtimes silent for longer than {@code timeoutNanos}. */
    void expire(long timeoutNanos) {
        long now = nanos.getAsLong();
        List<Entry> dropped = new ArrayList<>();
        synchronized (this) {
            for (Entry e : runtimes.values()) {
                if (now - e.heardNanos() > timeoutNanos) {
                    runtimes.remove(e.heartbeat().runtimeId());
                    dropped.add(e);
                }
            }
            if (!dropped.isEmpty()) {
                rebuild();
            }
        }
        for (Entry e : dropped) {
            String reason = "no heartbeat for " + (now - e.heardNanos()) / 1_000_000_000L + " s";
            LOG.warn("Runtime {} dropped from routing: {}", e.heartbeat().runtimeId(), reason);
            listener.runtimeLost(e.heartbeat().runtimeId(), e.heartbeat().incarnation(), reason);
        }
    }

    /** Counts a task sent to a pool until its runtime's next announcement. */
    void sent(String runtimeId, String poolId) {
        synchronized (this) {
            Entry e = runtimes.get(runtimeId);
            if (e != null) {
                e.sentSince().computeIfAbsent(poolId, k -> new AtomicInteger()).incrementAndGet();
                rebuild();
            }
        }
    }

    /** Records one measured round trip to a runtime. */
    void roundTrip(String runtimeId, double millis) {
        rtt.merge(runtimeId, millis, (old, now) -> old + RTT_ALPHA * (now - old));
    }

    double roundTrip(String runtimeId) {
        return rtt.getOrDefault(runtimeId, 0.0);
    }

    /** Forgets every runtime without reporting them (this runtime's federation stops). */
    synchronized void clear() {
        runtimes.clear();
        rebuild();
    }

    private void rebuild() {
        List<RemotePool> out = new ArrayList<>();
        for (Entry e : runtimes.values()) {
            Protocol.Heartbeat hb = e.heartbeat();
            if (ownId.equals(hb.runtimeId()) || hb.pools() == null) {
                continue;
            }
            double trip = roundTrip(hb.runtimeId());
            for (Protocol.Pool p : hb.pools()) {
                AtomicInteger extra = e.sentSince().get(p.poolId());
                try {
                    out.add(p.toRemote(hb.runtimeId(), extra == null ? 0 : extra.get(), trip));
                } catch (RuntimeException bad) {
                    LOG.debug("Runtime {} announced an unreadable pool {}: {}", hb.runtimeId(), p.poolId(),
                            bad.getMessage());
                }
            }
        }
        snapshot = List.copyOf(out);
    }
}

package io.mahavishnu.routing.affinity;

import io.mahavishnu.api.pool.ValidationException;
import io.mahavishnu.api.routing.Candidates;
import io.mahavishnu.api.routing.PoolCandidate;
import io.mahavishnu.api.routing.RoutingDecision;
import io.mahavishnu.api.routing.RoutingRequest;
import io.mahavishnu.api.routing.RoutingStrategy;
import java.util.List;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/**
 * {@code affinity}: sends tasks with the same affinity key to the same pool, so follow-up work finds warm context.
 *
 * <ul>
 * <li>Key = id of a running pool → that pool (reason {@code affinity}).</li>
 * <li>Key looks like a pool id ({@code <type>_<12 hex digits>}) but that pool is gone or not running →
 * least loaded pool, reason {@code affinity_fallback_least_loaded}: never silent.</li>
 * <li>Any other key (a session id, a user, a repository) → consistent hashing with bounded load: the key's home
 * pool on the {@link HashRing} (reason {@code affinity_hash}); when the home pool has no idle worker and holds more
 * than {@value #SPILL_FACTOR}× its fair share of the work in flight, the task spills to the next pool on the ring
 * that is within its bound (reason {@code affinity_spill}); the fair share comes from totals over all pools at
 * most 10 ms old, so no decision pays a pass over thousands of pools. Adding or removing a pool remaps only the
 * keys that lived on it.</li>
 * </ul>
 * A missing key is an error: the caller asked for affinity without saying to what.
 */
@Component(service = RoutingStrategy.class, property = RoutingStrategy.STRATEGY + "=" + AffinityStrategy.NAME)
public class AffinityStrategy implements RoutingStrategy {

    /** Strategy name. */
    public static final String NAME = "affinity";
    /** A pool may take up to this multiple of its fair share of the in-flight work before keys spill. */
    public static final double SPILL_FACTOR = 1.25;

    static final String REASON_POOL = "affinity";
    static final String REASON_HASH = "affinity_hash";
    static final String REASON_SPILL = "affinity_spill";
    static final String REASON_FALLBACK = "affinity_fallback_least_loaded";

    private static final Pattern POOL_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*_[0-9a-f]{12}");

    /** How old the in-flight and capacity totals behind the fair share may be. */
    static final long TOTALS_MAX_AGE_NANOS = 10_000_000L;

    /**
     * The ring, the candidate list it was last found to cover (the manager passes immutable snapshots of live
     * candidates) and that list's totals. Replaced whole, so a stale read only costs a rebuild.
     */
    private static final class Cached {
        final List<?> candidates;
        final HashRing ring;
        volatile Totals totals;

        Cached(List<?> candidates, HashRing ring) {
            this.candidates = candidates;
            this.ring = ring;
        }
    }

    /** Work in flight and capacity over all candidates, as of {@code at}. */
    private record Totals(long inFlight, long capacity, long at) {
    }

    private volatile Cached cached;

    @Override
    public RoutingDecision select(RoutingRequest request, List<? extends PoolCandidate> candidates) {
        String key = request.affinityKey();
        if (key == null || key.isBlank()) {
            throw new ValidationException("pool_affinity", key,
                    "is required for the affinity strategy: a pool id, or any key such as a session id");
        }
        Cached c = cachedFor(candidates);
        if (c.ring.indexOf(key) >= 0) {
            return new RoutingDecision(key, REASON_POOL);
        }
        if (POOL_ID.matcher(key).matches()) {
            return new RoutingDecision(Candidates.leastLoaded(candidates).poolId(), REASON_FALLBACK);
        }
        return hashed(key, candidates, c);
    }

    /**
     * @return the ring of these candidates: the cached one when they are the very list it was checked against (no
     *         per-decision work that grows with the number of pools), else after comparing the pool ids, else new
     */
    private Cached cachedFor(List<? extends PoolCandidate> candidates) {
        Cached c = cached;
        if (c != null && c.candidates == candidates && c.ring.size() == candidates.size() * HashRing.VNODES) {
            return c;
        }
        HashRing r = c != null && c.ring.covers(candidates) ? c.ring : new HashRing(candidates);
        Cached next = new Cached(candidates, r);
        cached = next;
        return next;
    }

    /**
     * The fair share needs the totals over every pool, a pass that grows with their number: it is made at most every
     * {@value #TOTALS_MAX_AGE_NANOS} ns per candidate list (a bound a few milliseconds old spills the same keys).
     */
    private static Totals totals(Cached cache, List<? extends PoolCandidate> candidates) {
        long now = System.nanoTime();
        Totals t = cache.totals;
        if (t != null && now - t.at() < TOTALS_MAX_AGE_NANOS) {
            return t;
        }
        long inFlight = 0;
        long capacity = 0;
        for (PoolCandidate c : candidates) {
            inFlight += Math.max(0, c.inFlight());
            capacity += Math.max(0, c.capacity());
        }
        t = new Totals(inFlight, capacity, now);
        cache.totals = t;
        return t;
    }

    private RoutingDecision hashed(String key, List<? extends PoolCandidate> candidates, Cached cache) {
        HashRing r = cache.ring;
        int start = r.start(key);
        PoolCandidate home = candidates.get(r.owner(start));
        if (home.inFlight() < home.capacity()) {
            return new RoutingDecision(home.poolId(), REASON_HASH);
        }
        Totals totals = totals(cache, candidates);
        long totalInFlight = totals.inFlight();
        long totalCapacity = totals.capacity();
        if (totalCapacity == 0) {
            return new RoutingDecision(home.poolId(), REASON_HASH);
        }
        java.util.BitSet tried = new java.util.BitSet();
        for (int step = 0; step < r.size(); step++) {
            int idx = r.owner(start + step);
            if (tried.get(idx)) {
                continue;
            }
            tried.set(idx);
            PoolCandidate c = candidates.get(idx);
            double bound = Math.ceil(SPILL_FACTOR * (totalInFlight + 1) * c.capacity() / totalCapacity);
            if (c.inFlight() < bound) {
                return new RoutingDecision(c.poolId(), c == home ? REASON_HASH : REASON_SPILL);
            }
        }
        return new RoutingDecision(home.poolId(), REASON_HASH);
    }
}

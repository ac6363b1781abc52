package io.mahavishnu.manager.internal;

import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.manager.RemotePool;
import io.mahavishnu.api.routing.Candidates;
import io.mahavishnu.api.routing.PoolCandidate;
import io.mahavishnu.api.routing.RoutingDecision;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which pools affinity routing may send a caller's tasks to (setting {@code affinity_allowlist}: pool ids or names,
 * comma-separated; {@code *} = every pool; empty = none). An affinity hint never overrides it:
 * <ul>
 * <li>no pool allowed → least loaded pool, reason {@code affinity_no_caller_allowlist_fallback};</li>
 * <li>the key names a running pool that is not allowed → least loaded allowed pool, reason
 * {@code affinity_allowlist_filtered_fallback} (an error if no allowed pool runs);</li>
 * <li>otherwise the affinity strategy chooses among the allowed pools.</li>
 * </ul>
 *
 * @param all     every pool is allowed
 * @param entries allowed pool ids and names
 */
record AffinityAllowlist(boolean all, Set<String> entries) {

    static final AffinityAllowlist ALL = new AffinityAllowlist(true, Set.of());
    static final String NO_ALLOWLIST = "affinity_no_caller_allowlist_fallback";
    static final String FILTERED = "affinity_allowlist_filtered_fallback";

    static AffinityAllowlist parse(String raw) {
        String t = raw == null ? "" : raw.trim();
        if (t.equals("*")) {
            return ALL;
        }
        Set<String> entries = new LinkedHashSet<>();
        for (String e : t.split("[,\\s]+")) {
            if (!e.isBlank()) {
                entries.add(e.trim());
            }
        }
        return new AffinityAllowlist(false, Set.copyOf(entries));
    }

    boolean allows(PoolCandidate pool) {
        return all || entries.contains(pool.poolId()) || entries.contains(nameOf(pool));
    }

    private static String nameOf(PoolCandidate pool) {
        if (pool instanceof ManagedPool mp) {
            return mp.config().name();
        }
        return pool instanceof RemotePool rp ? rp.name() : null;
    }

    /** What the affinity strategy may see, or the decision already forced by the allowlist. */
    record Guarded(List<PoolCandidate> candidates, RoutingDecision forced) {
    }

    Guarded guard(String key, List<PoolCandidate> candidates) {
        if (all) {
            return new Guarded(candidates, null);
        }
        if (entries.isEmpty()) {
            return new Guarded(candidates, new RoutingDecision(Candidates.leastLoaded(candidates).poolId(),
                    NO_ALLOWLIST));
        }
        List<PoolCandidate> allowed = new ArrayList<>();
        boolean namedButNotAllowed = false;
        for (PoolCandidate p : candidates) {
            if (allows(p)) {
                allowed.add(p);
            } else if (p.poolId().equals(key)) {
                namedButNotAllowed = true;
            }
        }
        if (allowed.isEmpty()) {
            throw new PoolManagerException(PoolManagerException.NO_POOL_AVAILABLE,
                    "No pool on the affinity allowlist is running (affinity_allowlist: " + String.join(", ", entries)
                            + ")");
        }
        return namedButNotAllowed
                ? new Guarded(allowed, new RoutingDecision(Candidates.leastLoaded(allowed).poolId(), FILTERED))
                : new Guarded(allowed, null);
    }
}

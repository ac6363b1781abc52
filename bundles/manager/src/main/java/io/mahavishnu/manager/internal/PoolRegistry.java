package io.mahavishnu.manager.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The manager's pools by id, in spawn order, plus the immutable list of pools that accept tasks — the routing
 * candidates. That list is rebuilt on every change the manager learns of (spawn, close, start, stop, scale, a
 * pool's {@code stateChanged()}), so routing reads one volatile field and strategies may cache by its identity.
 */
final class PoolRegistry {

    private static final Comparator<ManagedPool> SPAWN_ORDER = Comparator.comparingLong(ManagedPool::seq);

    /** Told when a refresh sees a pool's status change: the pool and its previous status. */
    private final java.util.function.BiConsumer<ManagedPool, io.mahavishnu.api.pool.PoolStatus> statusChanged;
    private final Map<String, ManagedPool> pools = new ConcurrentHashMap<>();

    PoolRegistry() {
        this((p, previous) -> { });
    }

    PoolRegistry(java.util.function.BiConsumer<ManagedPool, io.mahavishnu.api.pool.PoolStatus> statusChanged) {
        this.statusChanged = statusChanged;
    }
    private volatile List<ManagedPool> routable = List.of();

    Optional<ManagedPool> get(String poolId) {
        return poolId == null ? Optional.empty() : Optional.ofNullable(pools.get(poolId));
    }

    boolean contains(String poolId) {
        return pools.containsKey(poolId);
    }

    void add(ManagedPool pool) {
        pools.put(pool.poolId(), pool);
        refresh();
    }

    boolean remove(ManagedPool pool) {
        boolean removed = pools.remove(pool.poolId(), pool);
        refresh();
        return removed;
    }

    /** @return all pools in spawn order */
    List<ManagedPool> all() {
        List<ManagedPool> list = new ArrayList<>(pools.values());
        list.sort(SPAWN_ORDER);
        return list;
    }

    /** @return the pools of one type, in spawn order */
    List<ManagedPool> ofType(String type) {
        List<ManagedPool> list = new ArrayList<>();
        for (ManagedPool p : all()) {
            if (p.poolType().equals(type)) {
                list.add(p);
            }
        }
        return list;
    }

    int size() {
        return pools.size();
    }

    /** @return pools accepting tasks now, in spawn order; the same instance until something changes */
    List<ManagedPool> routable() {
        return routable;
    }

    /** Rebuilds the routing candidates; cheap enough to call on every state change. */
    synchronized void refresh() {
        List<ManagedPool> next = new ArrayList<>();
        for (ManagedPool p : all()) {
            io.mahavishnu.api.pool.PoolStatus previous = p.refresh();
            if (previous != null) {
                statusChanged.accept(p, previous);
            }
            if (p.acceptsTasks()) {
                next.add(p);
            }
        }
        List<ManagedPool> current = routable;
        if (!next.equals(current)) {
            routable = List.copyOf(next);
        }
    }
}

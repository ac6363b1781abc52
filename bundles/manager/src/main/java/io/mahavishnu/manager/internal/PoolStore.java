package io.mahavishnu.manager.internal;

import io.mahavishnu.api.pool.PoolConfig;
import java.util.List;

/** Where spawned pools are persisted so they survive a restart. */
interface PoolStore {

    /** A persisted pool: its id, spawn order, configuration and last worker count (-1 = min_workers). */
    record Entry(String poolId, long seq, PoolConfig config, int workers) {
    }

    /** @param entry create or replace */
    void save(Entry entry);

    /** @param poolId forget this pool (no-op if unknown) */
    void delete(String poolId);

    /** @return every persisted pool in spawn order; specs that no longer validate are logged and skipped */
    List<Entry> loadAll();
}

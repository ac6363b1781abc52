package io.mahavishnu.manager.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link PoolStore} in memory; one instance shared by two managers stands for a restart. */
final class MemoryPoolStore implements PoolStore {

    final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public void save(Entry entry) {
        entries.put(entry.poolId(), entry);
    }

    @Override
    public void delete(String poolId) {
        entries.remove(poolId);
    }

    @Override
    public List<Entry> loadAll() {
        List<Entry> list = new ArrayList<>(entries.values());
        list.sort(Comparator.comparingLong(Entry::seq));
        return list;
    }
}

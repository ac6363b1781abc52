package io.mahavishnu.bus.redis.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** The most recent message ids seen, to drop a duplicate (a re-delivery after a failure) before anyone sees it. */
final class RecentIds {

    private final int capacity;
    /** Ids in insertion order; the oldest is evicted past the capacity. Guarded by {@code this}. */
    private final Map<String, Boolean> ids;

    RecentIds(int capacity) {
        this.capacity = capacity;
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > RecentIds.this.capacity;
            }
        };
    }

    /** @return true if the id is new (and remembers it), false for a duplicate */
    synchronized boolean firstTime(String id) {
        return ids.put(id, Boolean.TRUE) == null;
    }
}

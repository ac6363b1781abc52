package io.mahavishnu.manager.internal;

import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.PoolContext;
import io.mahavishnu.api.pool.PoolProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Creates {@link FakePool}s and remembers them. */
final class FakeProvider implements PoolProvider {

    final String type;
    final List<FakePool> created = new CopyOnWriteArrayList<>();
    volatile boolean failStart;

    FakeProvider(String type) {
        this.type = type;
    }

    Map<String, Object> props() {
        return Map.of(PoolProvider.POOL_TYPE, type);
    }

    @Override
    public BasePool create(PoolContext context) {
        FakePool p = new FakePool(context);
        p.failStart = failStart;
        created.add(p);
        return p;
    }

    FakePool last() {
        return created.get(created.size() - 1);
    }
}

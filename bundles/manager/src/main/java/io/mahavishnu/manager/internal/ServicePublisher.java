package io.mahavishnu.manager.internal;

import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.PoolProvider;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers every running pool as a {@link BasePool} service ({@code pool.id}, {@code pool.type}), so other
 * bundles can find pools the OSGi way. Without a bundle context (unit tests) it does nothing.
 */
class ServicePublisher {

    private final BundleContext context;
    private final Map<String, ServiceRegistration<BasePool>> registrations = new ConcurrentHashMap<>();

    ServicePublisher(BundleContext context) {
        this.context = context;
    }

    void publish(BasePool pool) {
        if (context == null) {
            return;
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(BasePool.POOL_ID, pool.id());
        props.put(PoolProvider.POOL_TYPE, pool.config().poolType());
        props.put("pool.name", pool.config().name());
        ServiceRegistration<BasePool> old = registrations.put(pool.id(),
                context.registerService(BasePool.class, pool, props));
        unregister(old);
    }

    void withdraw(String poolId) {
        unregister(registrations.remove(poolId));
    }

    private static void unregister(ServiceRegistration<BasePool> reg) {
        if (reg != null) {
            try {
                reg.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The framework unregisters a stopping bundle's services itself; nothing left to do.
            }
        }
    }
}

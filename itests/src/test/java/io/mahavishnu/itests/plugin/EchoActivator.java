package io.mahavishnu.itests.plugin;

import io.mahavishnu.api.pool.PoolProvider;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@link EchoPoolType} as pool type {@code echo}. */
public class EchoActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PoolProvider.POOL_TYPE, "echo");
        context.registerService(PoolProvider.class, new EchoPoolType(), props);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}

package io.mahavishnu.itests.plugin;

import io.mahavishnu.api.pool.AutoscalePolicy;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A third-party autoscale policy named {@code fixed}: always asks for 4 workers. Built into its own bundle. */
public class FixedPolicy implements AutoscalePolicy, BundleActivator {
    @Override
    public Decision decide(Input input) {
        return new Decision(4, "fixed policy wants 4");
    }

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(AutoscalePolicy.POLICY, "fixed");
        context.registerService(AutoscalePolicy.class, new FixedPolicy(), props);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}

package ${package};

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.PoolProvider;
import io.mahavishnu.api.pool.Task;
import java.io.File;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The built bundle in a real OSGi framework (Felix) with Declarative Services and the Mahavishnu api bundle: its
 * imports resolve and it registers pool type "${poolType}" as the runtime will find it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SamplePoolTypeIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return options(
                mavenBundle("org.ops4j.pax.logging", "pax-logging-api").versionAsInProject().startLevel(1),
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                bundle(fileUrl("mahavishnu.api.bundle")),
                bundle(fileUrl("plugin.bundle")),
                junitBundles());
    }

    private static String fileUrl(String property) {
        return new File(System.getProperty(property)).toURI().toString();
    }

    @Test
    public void theBundleRegistersThePoolTypeAndItsPoolsRunTasks() throws Exception {
        ServiceTracker<PoolProvider, PoolProvider> tracker = new ServiceTracker<>(context, context.createFilter(
                "(&(objectClass=" + PoolProvider.class.getName() + ")(" + PoolProvider.POOL_TYPE + "=${poolType}))"),
                null);
        tracker.open();
        try {
            PoolProvider provider = tracker.waitForService(30_000);
            assertNotNull("no PoolProvider with pool.type=${poolType} was registered", provider);

            BasePool pool = provider.create(new TestPoolContext("${poolType}_it"));
            pool.start().toCompletableFuture().get();
            assertEquals("FROM OSGI", pool.execute(Task.ofPrompt("from osgi")).toCompletableFuture().get().output());
            pool.stop().toCompletableFuture().get();
        } finally {
            tracker.close();
        }
    }
}

package io.mahavishnu.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.Task;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots the bundles of the resolved core feature (what the distribution ships, minus the interactive console and
 * the folder watcher) in Felix, with a fresh configuration store per test class.
 */
public abstract class RuntimeTestSupport {

    /** Generous bound for anything the tests wait for; a hang fails the test instead of the build. */
    protected static final long TIMEOUT_SECONDS = 30;

    @Inject
    protected BundleContext context;

    private final Map<Class<?>, ServiceTracker<?, ?>> trackers = new ConcurrentHashMap<>();

    @Configuration
    public Option[] config() {
        File dir = bundleDir();
        File[] jars = dir.listFiles((d, name) -> name.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no bundles in " + dir + "; build the features module first");
        }
        Arrays.sort(jars);
        List<Option> options = new ArrayList<>();
        for (File jar : jars) {
            String name = jar.getName();
            if (name.startsWith("org.apache.felix.gogo.jline") || name.startsWith("org.apache.felix.fileinstall")) {
                continue;
            }
            options.add(bundle(jar.toURI().toString()).startLevel(name.startsWith("pax-logging") ? 1 : 4));
        }
        String workdir = System.getProperty("mahavishnu.workdir");
        options.add(systemProperty("mahavishnu.workdir").value(workdir));
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        File cmDir = new File(workdir, "cm-" + UUID.randomUUID());
        prepareConfigurations(cmDir);
        options.add(frameworkProperty("felix.cm.dir").value(cmDir.getPath()));
        options.add(junitBundles());
        options.add(mavenBundle("net.bytebuddy", "byte-buddy").versionAsInProject());
        options.add(mavenBundle("org.assertj", "assertj-core").versionAsInProject());
        options.add(cleanCaches(true));
        options.addAll(Arrays.asList(extraOptions()));
        return options.toArray(Option[]::new);
    }

    /** @return the folder of the feature's resolved bundles to boot (default: the core feature) */
    protected File bundleDir() {
        return new File(System.getProperty("mahavishnu.bundles"));
    }

    /**
     * Host side, before the framework starts: a test class may write configurations into the (empty) store, so
     * components start with them as they would with etc/ files.
     */
    protected void prepareConfigurations(File cmDir) {
    }

    /** @return options a test class adds */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    /**
     * @return the service, waiting for it up to {@link #TIMEOUT_SECONDS}. The tracker stays open for the test's
     *         lifetime: closing it would release the service object (ConfigurationAdmin, for one, is then unusable).
     */
    protected <T> T service(Class<T> type) throws InterruptedException {
        @SuppressWarnings("unchecked")
        ServiceTracker<T, T> tracker = (ServiceTracker<T, T>) trackers.computeIfAbsent(type, t -> {
            ServiceTracker<T, T> created = new ServiceTracker<>(context, type, null);
            created.open();
            return created;
        });
        T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        if (service == null) {
            throw new AssertionError("no " + type.getSimpleName() + " service within " + TIMEOUT_SECONDS + " s");
        }
        return service;
    }

    /** Waits until a pool runs: the manager registers every running pool as a BasePool service. */
    protected void awaitRunning(String poolId) throws Exception {
        ServiceTracker<BasePool, BasePool> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + BasePool.class.getName() + ")(" + BasePool.POOL_ID + "="
                        + poolId + "))"), null);
        tracker.open();
        try {
            if (tracker.waitForService(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS)) == null) {
                throw new AssertionError("pool " + poolId + " not running within " + TIMEOUT_SECONDS + " s");
            }
        } finally {
            tracker.close();
        }
    }

    /**
     * Waits for a condition that has no event to wait on (e.g. a component applying a configuration change),
     * checking every 20 ms up to {@link #TIMEOUT_SECONDS}.
     */
    protected static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s waiting until " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    protected PoolManager manager() throws InterruptedException {
        return service(PoolManager.class);
    }

    protected static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Sets some settings of a configuration, keeping the others (as editing lines of etc/PID.cfg would). */
    protected void configure(String pid, Object... keyValues) throws Exception {
        org.osgi.service.cm.Configuration c = service(ConfigurationAdmin.class).getConfiguration(pid, "?");
        Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        c.update(props);
    }

    /**
     * Waits until the framework has reached its beginning start level and started every bundle of it (a bundle
     * that cannot start fails the test here, naming nothing but the wait: see the log). A test that
     * updates or stops bundles while the start-level thread is still starting others races with it for bundle
     * locks, and Felix then breaks the tie by interrupting one of them ("Unable to acquire global lock").
     */
    protected void awaitFrameworkStarted() throws InterruptedException {
        org.osgi.framework.startlevel.FrameworkStartLevel framework =
                context.getBundle(0).adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class);
        String beginning = context.getProperty(org.osgi.framework.Constants.FRAMEWORK_BEGINNING_STARTLEVEL);
        int target = beginning == null ? 1 : Integer.parseInt(beginning.trim());
        eventually("the framework has started the bundles of start level " + target, () -> {
            if (framework.getStartLevel() < target) {
                return false;
            }
            for (org.osgi.framework.Bundle b : context.getBundles()) {
                org.osgi.framework.startlevel.BundleStartLevel level =
                        b.adapt(org.osgi.framework.startlevel.BundleStartLevel.class);
                boolean expected = b.getBundleId() != 0 && level.isPersistentlyStarted()
                        && level.getStartLevel() <= target
                        && b.getHeaders().get(org.osgi.framework.Constants.FRAGMENT_HOST) == null;
                boolean started = b.getState() == org.osgi.framework.Bundle.ACTIVE
                        || (b.getState() == org.osgi.framework.Bundle.STARTING && level.isActivationPolicyUsed());
                if (expected && !started) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Lifts the request quota per caller kind (60 per minute by default), which load-generating tests would
     * exhaust; the quota itself is tested where it is the subject. Waits until the manager applies it: the quota
     * is charged before the pool is looked up, so requests to an unknown pool stop being rate limited.
     */
    @org.junit.Before
    public void liftQuota() throws Exception {
        awaitFrameworkStarted();
        if (liftsQuota()) {
            configure("io.mahavishnu.manager", "quota_requests", 0);
            PoolManager manager = manager();
            eventually("the quota is lifted", () -> {
                for (int i = 0; i < 61; i++) {
                    Task probe = Task.builder().prompt("probe").attribute(Task.ATTR_CALLER_KIND, "workflow").build();
                    try {
                        manager.execute("no-such-pool", probe).toCompletableFuture().join();
                    } catch (java.util.concurrent.CompletionException e) {
                        if (e.getCause() instanceof io.mahavishnu.api.manager.RateLimitedException) {
                            return false;
                        }
                    }
                }
                return true;
            });
        }
    }

    /** @return false in a test class that tests quotas */
    protected boolean liftsQuota() {
        return true;
    }

    protected Bundle installed(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals(symbolicName)) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }
}

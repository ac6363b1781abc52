package io.mahavishnu.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A real Felix framework booted from a resolved feature ({@code features/target/export/<feature>}), with the
 * {@code io.mahavishnu.api} packages (and any extra packages given) exported from this class path instead of the
 * api bundle, so a benchmark calls the deployed services directly.
 */
final class EmbeddedRuntime implements AutoCloseable {

    /** What the api bundle exports (its packages at their versions), read from its manifest on this class path. */
    private static final String API_EXPORTS = apiExports() + ",org.osgi.service.cm;version=1.6.0";

    private final Framework framework;
    private final Path storage;
    private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();

    private EmbeddedRuntime(Framework framework, Path storage) {
        this.framework = framework;
        this.storage = storage;
    }

    private static String apiExports() {
        try {
            Path where = Path.of(io.mahavishnu.api.pool.Task.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
            java.util.jar.Manifest manifest;
            if (Files.isDirectory(where)) {
                try (java.io.InputStream in = Files.newInputStream(where.resolve("META-INF/MANIFEST.MF"))) {
                    manifest = new java.util.jar.Manifest(in);
                }
            } else {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(where.toFile())) {
                    manifest = jar.getManifest();
                }
            }
            String exports = manifest.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
            if (exports == null) {
                throw new IllegalStateException("the api at " + where + " exports nothing");
            }
            return exports;
        } catch (java.io.IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot read the api bundle's exports: " + e, e);
        }
    }

    /** @return the export folder of a feature, from {@code MAHAVISHNU_FEATURES} or next to this module */
    static Path feature(String name) {
        String root = System.getenv().getOrDefault("MAHAVISHNU_FEATURES", "../features/target/export");
        Path dir = Path.of(root, name).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no resolved feature at " + dir + "; build the project first");
        }
        return dir;
    }

    /**
     * @param feature      feature export folder name, e.g. {@code core}
     * @param extraExports packages this class path also provides (their bundles are then left out)
     * @param skip         bundle file name prefixes not to install
     */
    static EmbeddedRuntime start(String feature, String extraExports, String... skip) throws Exception {
        Path storage = Files.createTempDirectory("mahavishnu-bench");
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, storage.resolve("cache").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, extraExports == null || extraExports.isEmpty()
                ? API_EXPORTS : API_EXPORTS + "," + extraExports);
        props.put("felix.cm.dir", storage.resolve("config").toString());
        props.put("org.osgi.service.http.port", "0");
        props.put("org.apache.felix.http.host", "127.0.0.1");
        props.put("org.ops4j.pax.logging.DefaultServiceLog.level", "ERROR");
        props.put("mahavishnu.home", storage.toString());
        Framework fw = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(props);
        fw.start();
        List<String> skipped = new ArrayList<>(Arrays.asList(skip));
        skipped.addAll(List.of("io.mahavishnu.api-", "org.apache.felix.gogo.jline", "org.apache.felix.fileinstall",
                "org.osgi.service.cm"));
        List<Bundle> installed = new ArrayList<>();
        File[] jars = feature(feature).toFile().listFiles((d, n) -> n.endsWith(".jar"));
        Arrays.sort(jars);
        for (File jar : jars) {
            if (skipped.stream().noneMatch(jar.getName()::startsWith)) {
                installed.add(fw.getBundleContext().installBundle(jar.toURI().toString()));
            }
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        return new EmbeddedRuntime(fw, storage);
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context(), type, null);
        tracker.open();
        trackers.add(tracker);
        T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
        if (service == null) {
            throw new IllegalStateException("no " + type.getName() + " service within 30 s");
        }
        return service;
    }

    /** Sets some settings of a configuration and waits a moment for the component to apply them. */
    void configure(String pid, Object... keyValues) throws Exception {
        Configuration c = service(ConfigurationAdmin.class).getConfiguration(pid, "?");
        Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        c.update(props);
        TimeUnit.MILLISECONDS.sleep(500);
    }

    @Override
    public void close() throws Exception {
        trackers.forEach(ServiceTracker::close);
        framework.stop();
        framework.waitForStop(30_000);
        try (Stream<Path> files = Files.walk(storage)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind does not change a measurement
        }
    }
}

package io.mahavishnu.itests;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * One Mahavishnu runtime in a Felix framework of its own, launched in the test's JVM the way the distribution
 * launches it: the resolved bundles of a feature, an {@code etc/} folder of {@code *.cfg} files read by FileInstall,
 * its own framework cache and configuration store under its home folder. Several can run side by side. The api
 * packages come from the test's class path (the system bundle exports them), so the test calls the runtimes'
 * services with its own types.
 */
final class FelixRuntime implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;

    private final Framework framework;
    private final Path etc;
    private final Map<String, String> configs;
    private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();

    private FelixRuntime(Framework framework, Path etc, Map<String, String> configs) {
        this.framework = framework;
        this.etc = etc;
        this.configs = Map.copyOf(configs);
    }

    /**
     * @param home    the runtime's home (etc/, data/)
     * @param bundles folder of a resolved feature's bundles
     * @param configs PID → file content of etc/PID.cfg
     */
    static FelixRuntime start(Path home, File bundles, Map<String, String> configs) throws Exception {
        return start(home, List.of(bundles), configs);
    }

    /**
     * @param folders folders of resolved bundles (a feature, then add-ons); a jar name seen in an earlier folder is
     *                skipped
     */
    static FelixRuntime start(Path home, List<File> folders, Map<String, String> configs) throws Exception {
        Path etc = Files.createDirectories(home.resolve("etc"));
        for (Map.Entry<String, String> c : configs.entrySet()) {
            Files.writeString(etc.resolve(c.getKey() + ".cfg"), c.getValue());
        }
        Map<String, File> byName = new java.util.TreeMap<>();
        for (File folder : folders) {
            File[] found = folder.listFiles((d, n) -> n.endsWith(".jar"));
            if (found == null || found.length == 0) {
                throw new IllegalStateException("no bundles in " + folder + "; build the features module first");
            }
            for (File jar : found) {
                byName.putIfAbsent(jar.getName(), jar);
            }
        }
        File[] jars = byName.values().toArray(File[]::new);
        Arrays.sort(jars);
        File api = Arrays.stream(jars).filter(j -> j.getName().startsWith("io.mahavishnu.api-")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no api bundle in " + folders));

        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, home.resolve("data/cache").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, exports(api));
        // Keep the JVM's URL handlers as they are: other tests in this JVM (Pax Exam) rely on their own.
        props.put("felix.service.urlhandlers", "false");
        props.put("mahavishnu.home", home.toString());
        props.put("felix.cm.dir", home.resolve("data/config").toString());
        props.put("felix.fileinstall.dir", etc.toString());
        props.put("felix.fileinstall.filter", ".*\\.cfg");
        props.put("felix.fileinstall.poll", "200");
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.optionalImportRefreshScope", "none");
        props.put("felix.fileinstall.enableConfigSave", "false"); // as conf/config.properties
        props.put("org.ops4j.pax.logging.DefaultServiceLog.level", "WARN");
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        Framework framework = factory.newFramework(props);
        framework.init();
        FelixRuntime runtime = new FelixRuntime(framework, etc, configs);
        try {
            BundleContext context = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            for (File jar : jars) {
                String name = jar.getName();
                // the api comes from the system bundle; the interactive console needs a terminal
                if (jar.equals(api) || name.startsWith("org.apache.felix.gogo.jline")) {
                    continue;
                }
                Bundle b = context.installBundle(jar.toURI().toString());
                if (name.startsWith("pax-logging")) {
                    b.start(); // logging first, so the others find it
                } else {
                    installed.add(b);
                }
            }
            framework.start();
            for (Bundle b : installed) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.start();
                }
            }
        } catch (Exception | Error e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    private static String exports(File api) throws IOException {
        try (JarFile jar = new JarFile(api)) {
            return jar.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        }
    }

    /** The runtime never rewrites the operator's etc/ files. */
    void assertEtcUnchanged() throws IOException {
        for (Map.Entry<String, String> c : configs.entrySet()) {
            String now = Files.readString(etc.resolve(c.getKey() + ".cfg"));
            if (!now.equals(c.getValue())) {
                throw new AssertionError("etc/" + c.getKey() + ".cfg changed from\n" + c.getValue() + "to\n" + now);
            }
        }
    }

    /** @return the framework's context, to register services into this runtime */
    BundleContext context() {
        return framework.getBundleContext();
    }

    /** @return the service, waiting for it up to 30 s */
    <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(framework.getBundleContext(), type, null);
        tracker.open();
        trackers.add(tracker);
        T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        if (service == null) {
            throw new AssertionError("no " + type.getSimpleName() + " service within " + TIMEOUT_SECONDS + " s");
        }
        return service;
    }

    @Override
    public void close() throws Exception {
        trackers.forEach(ServiceTracker::close);
        framework.stop();
        FrameworkEvent stopped = framework.waitForStop(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        if (stopped.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
            throw new IllegalStateException("framework did not stop within " + TIMEOUT_SECONDS + " s");
        }
    }
}

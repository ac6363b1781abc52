package io.mahavishnu.itests.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.mahavishnu.api.manager.ManagerHealth;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Pool type kubernetes as a user gets it: the product runs, the kubernetes add-on is hot-deployed into it, and
 * a pool spawned through the PoolManager runs its tasks as Jobs on fabric8's mock API server, found through a
 * kubeconfig file (the {@code kubeconfig} system property, fabric8's equivalent of {@code KUBECONFIG}). The test
 * plays the cluster: it completes each Job by patching its status.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KubernetesPoolIT {

    private static final long TIMEOUT_SECONDS = 60;

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        String workdir = System.getProperty("mahavishnu.workdir");
        Path kubeconfig = MockApiServer.start(Path.of(workdir, "kube-" + UUID.randomUUID()));
        File[] jars = new File(System.getProperty("mahavishnu.bundles")).listFiles((d, n) -> n.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no product bundles; build the features module first");
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
        options.add(frameworkProperty("org.osgi.service.http.port").value(Integer.toString(freePort())));
        options.add(frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
        options.add(systemProperty("kubeconfig").value(kubeconfig.toString()));
        options.add(systemProperty("mahavishnu.k8s.url").value(MockApiServer.url()));
        options.add(systemProperty("mahavishnu.addon").value(System.getProperty("mahavishnu.addon")));
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        options.add(frameworkProperty("felix.cm.dir").value(workdir + "/cm-" + UUID.randomUUID()));
        options.add(junitBundles());
        options.add(mavenBundle("net.bytebuddy", "byte-buddy").versionAsInProject());
        options.add(mavenBundle("org.assertj", "assertj-core").versionAsInProject());
        options.add(cleanCaches(true));
        return options.toArray(Option[]::new);
    }

    @Test
    public void aHotDeployedKubernetesPoolRunsTasksAsJobsWithinItsLimitAndLeavesNoJobBehind() throws Exception {
        PoolManager manager = service(PoolManager.class);
        assertThat(manager.poolTypes()).doesNotContain("kubernetes");
        hotDeployAddon();

        PoolInfo pool = await(manager.spawn(PoolConfig.builder().poolType("kubernetes").name("cluster")
                .workerType("job").minWorkers(1).maxWorkers(3).extra("namespace", "it")
                .extra("api_qps", "50").extra("api_burst", "20").build()));
        assertThat(pool.status()).isEqualTo(PoolStatus.RUNNING);
        assertThat(pool.workers()).isEqualTo(3);

        try (FakeCluster cluster = new FakeCluster(System.getProperty("mahavishnu.k8s.url"), "it")) {
            cluster.completeJobsOf(pool.poolId());
            List<CompletableFuture<TaskResult>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                results.add(manager.execute(pool.poolId(), Task.builder().id("it-" + i).command("echo", "it-" + i)
                        .build()).toCompletableFuture());
            }
            for (int i = 0; i < 12; i++) {
                TaskResult r = results.get(i).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
                assertThat(r.taskId()).isEqualTo("it-" + i);
                assertThat(r.workerId()).startsWith("mahavishnu-");
            }
            assertThat(cluster.mostJobsAtOnce()).isBetween(1, 3);

            ManagerHealth health = await(manager.health());
            Map<String, Object> details = health.pools().stream().filter(h -> h.poolId().equals(pool.poolId()))
                    .findFirst().orElseThrow().details();
            assertThat((String) details.get("api")).contains("(kubeconfig ").contains("namespace it");
            assertThat(cluster.namespaceExists()).isTrue();

            await(manager.close(pool.poolId()));
            assertThat(cluster.jobsOf(pool.poolId())).isZero();
        }
    }

    static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What FileInstall does with jars dropped into deploy/: install them all, then start them all. */
    private void hotDeployAddon() throws Exception {
        File[] jars = new File(System.getProperty("mahavishnu.addon")).listFiles((d, n) -> n.endsWith(".jar"));
        assertThat(jars).isNotEmpty();
        List<Bundle> installed = new ArrayList<>();
        for (File jar : jars) {
            installed.add(context.installBundle(jar.toURI().toString()));
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get("Fragment-Host") == null) {
                b.start();
            }
        }
        PoolManager manager = service(PoolManager.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        ServiceTracker<Object, Object> provider = new ServiceTracker<>(context, context.createFilter(
                "(&(objectClass=io.mahavishnu.api.pool.PoolProvider)(pool.type=kubernetes))"), null);
        provider.open();
        try {
            assertThat(provider.waitForService(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())))
                    .as("pool type kubernetes registered").isNotNull();
        } finally {
            provider.close();
        }
        assertThat(manager.poolTypes()).contains("kubernetes");
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        T s = tracker.waitForService(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        if (s == null) {
            throw new AssertionError("no " + type.getSimpleName() + " within " + TIMEOUT_SECONDS + " s");
        }
        return s;
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}

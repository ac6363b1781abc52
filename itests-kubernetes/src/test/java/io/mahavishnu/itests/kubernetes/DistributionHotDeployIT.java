package io.mahavishnu.itests.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The shipped distribution as a user runs it: unpack, point {@code etc/io.mahavishnu.pool.kubernetes.cfg} at a
 * kubeconfig, start {@code bin/felix.jar} (a Gogo script stands in for the user at the console), copy
 * {@code addons/kubernetes/*.jar} into {@code deploy/} while it runs, spawn a kubernetes pool, run tasks, close it.
 * The host plays the cluster: it completes each Job (a pod with a log, then the Job's status).
 */
public class DistributionHotDeployIT {

    private static final long TIMEOUT_SECONDS = 120;
    private static final String NAMESPACE = "demo";

    @Test
    public void theAddonHotDeployedIntoARunningDistributionRunsTasksAsJobsAndLeavesNoJob() throws Exception {
        Path work = Path.of(System.getProperty("mahavishnu.workdir"), "dist-" + UUID.randomUUID());
        Path kubeconfig = MockApiServer.start(work.resolve("kube"));
        Path home = unpack(Path.of(System.getProperty("mahavishnu.distribution")), work);
        Path conf = home.resolve("conf/config.properties");
        Files.writeString(conf, Files.readString(conf).replace("org.osgi.service.http.port=8680",
                "org.osgi.service.http.port=" + KubernetesPoolIT.freePort()));
        Files.writeString(home.resolve("etc/io.mahavishnu.pool.kubernetes.cfg"),
                "\nkubeconfig_path = " + kubeconfig + "\n", StandardOpenOption.APPEND);
        Path script = home.resolve("etc/k8s-smoke.gosh");
        Files.copy(DistributionHotDeployIT.class.getResourceAsStream("k8s-smoke.gosh"), script);

        ExecutorService kubelet = Executors.newFixedThreadPool(2);
        Process runtime = null;
        try (KubernetesClient cluster = MockApiServer.client();
             SharedIndexInformer<Job> controller = completeEveryJob(cluster, kubelet)) {
            runtime = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Dmahavishnu.home=" + home, "-Dgosh.home=" + home,
                    "-Dfelix.config.properties=file:" + home.resolve("conf/config.properties"),
                    "-Dgosh.args=" + script, "-jar", home.resolve("bin/felix.jar").toString())
                    .directory(home.toFile()).redirectErrorStream(true).start();
            BlockingQueue<String> lines = follow(runtime, work.resolve("runtime.out"));

            awaitLine(lines, "waiting for pool type kubernetes");
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(home.resolve("addons/kubernetes"), "*.jar")) {
                for (Path jar : jars) {
                    Files.copy(jar, home.resolve("deploy").resolve(jar.getFileName()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
            String spawned = awaitLine(lines, "spawned: ");
            assertThat(spawned).contains("RUNNING");
            assertThat(awaitLine(lines, "command: ")).contains("COMPLETED").contains("log of mahavishnu-");
            assertThat(awaitLine(lines, "prompt: ")).contains("COMPLETED");
            assertThat(awaitLine(lines, "health: ")).contains("status=HEALTHY").contains("kubeconfig_path " + kubeconfig);
            awaitLine(lines, "K8S-SMOKE-OK");
            assertThat(runtime.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the runtime stops").isTrue();
            assertThat(cluster.batch().v1().jobs().inNamespace(NAMESPACE).withLabel("app", "mahavishnu").list()
                    .getItems()).isEmpty();
        } finally {
            if (runtime != null && runtime.isAlive()) {
                runtime.destroyForcibly();
            }
            kubelet.shutdownNow();
        }
    }

    /** Completes every Job of the namespace as the Job controller and kubelet would: a pod with a log, then status. */
    private static SharedIndexInformer<Job> completeEveryJob(KubernetesClient cluster, ExecutorService kubelet) {
        return cluster.batch().v1().jobs().inNamespace(NAMESPACE).inform(new ResourceEventHandler<Job>() {
            @Override
            public void onAdd(Job job) {
                String name = job.getMetadata().getName();
                kubelet.execute(() -> {
                    String pod = name + "-x1";
                    MockApiServer.log(NAMESPACE, pod, 1048577, "log of " + name + "\n");
                    cluster.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(pod)
                            .addToLabels("job-name", name).endMetadata().withNewStatus().withPhase("Succeeded")
                            .endStatus().build()).create();
                    cluster.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).editStatus(j ->
                            new JobBuilder(j).editOrNewStatus().withSucceeded(1).addToConditions(
                                    new JobConditionBuilder().withType("Complete").withStatus("True").build())
                                    .endStatus().build());
                });
            }

            @Override
            public void onUpdate(Job oldJob, Job newJob) {
            }

            @Override
            public void onDelete(Job job, boolean unknown) {
            }
        });
    }

    private static Path unpack(Path tarGz, Path into) throws IOException, InterruptedException {
        Files.createDirectories(into);
        Process tar = new ProcessBuilder("tar", "-xzf", tarGz.toString(), "-C", into.toString()).inheritIO().start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0).as("unpacked " + tarGz).isTrue();
        return into.resolve("mahavishnu");
    }

    /** Copies the runtime's output to a file and hands every line to the test. */
    private static BlockingQueue<String> follow(Process p, Path log) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("output lost: " + e);
            }
        }, "runtime-output");
        t.setDaemon(true);
        t.start();
        return lines;
    }

    /** @return the first line containing {@code text}; fails on the script's failure line or after the timeout */
    private static String awaitLine(BlockingQueue<String> lines, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        for (String line = ""; ; ) {
            if (line.contains("K8S-SMOKE-FAIL")) {
                throw new AssertionError(line);
            }
            if (line.contains(text)) {
                return line;
            }
            line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no line with '" + text + "' within " + TIMEOUT_SECONDS + " s");
            }
        }
    }
}

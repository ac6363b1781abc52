package io.mahavishnu.pool.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the cluster's part around fabric8's CRUD mock API server: what the Job controller and the kubelet would
 * do (pods with a state, their logs, the Job's status), driven by the test through a client of its own that the
 * pool's rate limit does not touch.
 */
final class MockCluster implements AutoCloseable {

    static final String NAMESPACE = "mahavishnu";
    /** Must match the pool's max_output_bytes (the pool asks for one byte more). */
    static final int LOG_LIMIT = 4096;

    final KubernetesMockServer server;
    final KubernetesClient client;
    private final AtomicInteger pods = new AtomicInteger();

    /**
     * Sees every Job of the namespace for the whole test. One long-lived watch: the mock server's event loop stalls
     * when a watch closes while events are still flowing to it, so tests do not open and close watches per wait.
     */
    private final SharedIndexInformer<Job> jobs;
    private final Object changed = new Object();

    MockCluster(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
        this.jobs = client.batch().v1().jobs().inNamespace(NAMESPACE).inform(new ResourceEventHandler<Job>() {
            @Override
            public void onAdd(Job job) {
                signal();
            }

            @Override
            public void onUpdate(Job oldJob, Job newJob) {
                signal();
            }

            @Override
            public void onDelete(Job job, boolean unknown) {
                signal();
            }
        });
    }

    private void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Waits until the Jobs of the namespace (as the watch sees them) satisfy a condition; returns them. */
    List<Job> await(String what, Predicate<List<Job>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (changed) {
            for (List<Job> now = jobs.getStore().list(); !condition.test(now); now = jobs.getStore().list()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out waiting until " + what + "; Jobs: " + now.size());
                }
                TimeUnit.NANOSECONDS.timedWait(changed, left);
            }
            return jobs.getStore().list();
        }
    }

    @Override
    public void close() {
        jobs.close();
    }

    /** @return a kubeconfig file pointing at the mock server */
    Path kubeconfig(Path dir) throws IOException {
        String url = server.url("/").replaceAll("/$", "");
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, String.join("\n",
                "apiVersion: v1", "kind: Config", "current-context: mock",
                "clusters:", "- name: mock", "  cluster:", "    server: " + url,
                "contexts:", "- name: mock", "  context:", "    cluster: mock", "    user: tester",
                "users:", "- name: tester", "  user:", "    token: secret", ""));
        return file;
    }

    /** @return the Jobs of a pool */
    List<Job> jobs(String poolId) {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).withLabel("pool", poolId).list().getItems();
    }

    /** Waits until the pool has exactly {@code n} Jobs and returns them. */
    List<Job> awaitJobs(String poolId, int n) throws InterruptedException {
        return await(n + " Jobs of pool " + poolId, l -> ofPool(l, poolId).size() == n).stream()
                .filter(j -> poolId.equals(j.getMetadata().getLabels().get("pool"))).toList();
    }

    /** Waits until a Job is gone. */
    void awaitGone(String jobName) throws InterruptedException {
        await("Job " + jobName + " is gone", l -> l.stream().noneMatch(j -> j.getMetadata().getName().equals(jobName)));
    }

    private static List<Job> ofPool(List<Job> all, String poolId) {
        return all.stream().filter(j -> poolId.equals(j.getMetadata().getLabels().get("pool"))).toList();
    }

    /**
     * Adds a pod that ran for the Job (as the Job controller and kubelet would) and serves its log.
     *
     * @return the pod's name
     */
    String pod(String jobName, String phase, Integer exitCode, String reason, String message, String log) {
        int n = pods.incrementAndGet();
        String name = jobName + "-" + Integer.toString(n, 36);
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).addToLabels("job-name", jobName)
                .withCreationTimestamp(Instant.ofEpochSecond(1_700_000_000L + n).toString()).endMetadata()
                .withNewStatus().withPhase(phase).endStatus();
        if (exitCode != null) {
            b.editStatus().addNewContainerStatus().withName(JobSpec.CONTAINER).withNewState().withNewTerminated()
                    .withExitCode(exitCode).withReason(reason).withMessage(message).endTerminated().endState()
                    .endContainerStatus().endStatus();
        } else if (reason != null) {
            b.editStatus().addNewContainerStatus().withName(JobSpec.CONTAINER).withNewState().withNewWaiting()
                    .withReason(reason).withMessage(message).endWaiting().endState().endContainerStatus().endStatus();
        }
        Pod pod = b.build();
        server.expect().get().withPath("/api/v1/namespaces/" + NAMESPACE + "/pods/" + name + "/log?limitBytes="
                + (LOG_LIMIT + 1)).andReturn(200, log).always();
        client.pods().inNamespace(NAMESPACE).resource(pod).create();
        return name;
    }

    /** The Job's only pod succeeded and logged {@code log}; its status says Complete. */
    void succeed(String jobName, String log) {
        pod(jobName, "Succeeded", 0, "Completed", null, log);
        status(jobName, 0, 1, 0, "Complete", null, null);
    }

    /** A pod of the Job failed; the Job goes on with another. */
    void podFailed(String jobName, int failedSoFar, int exitCode, String message, String log) {
        pod(jobName, "Failed", exitCode, "Error", message, log);
        status(jobName, 1, 0, failedSoFar, null, null, null);
    }

    /** Patches the Job's status subresource. */
    void status(String jobName, int active, int succeeded, int failed, String condition, String reason,
                String message) {
        client.batch().v1().jobs().inNamespace(NAMESPACE).withName(jobName).editStatus(j -> {
            JobBuilder b = new JobBuilder(j);
            b.editOrNewStatus().withActive(active).withSucceeded(succeeded).withFailed(failed).endStatus();
            if (condition != null) {
                b.editStatus().addToConditions(new JobConditionBuilder().withType(condition).withStatus("True")
                        .withReason(reason).withMessage(message).build()).endStatus();
            }
            return b.build();
        });
    }
}

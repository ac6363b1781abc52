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
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the cluster's part around fabric8's CRUD mock API server: what the Job controller and the kubelet would
 * do (pods with a state, their logs, the Job's status), driven by the test through a client of its own that the
 * pool's rate limit does not touch.
 */
final class MockCluster {

    static final String NAMESPACE = "mahavishnu";
    /** Must match the pool's max_output_bytes (the pool asks for one byte more). */
    static final int LOG_LIMIT = 4096;

    final KubernetesMockServer server;
    final KubernetesClient client;
    private final AtomicInteger pods = new AtomicInteger();

    MockCluster(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
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
    List<Job> awaitJobs(String poolId, int n) throws Exception {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).withLabel("pool", poolId)
                .informOnCondition(l -> l.size() == n).get(30, TimeUnit.SECONDS);
    }

    /** Waits until a Job is gone. */
    void awaitGone(String jobName) {
        client.batch().v1().jobs().inNamespace(NAMESPACE).withName(jobName)
                .waitUntilCondition(Objects::isNull, 30, TimeUnit.SECONDS);
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

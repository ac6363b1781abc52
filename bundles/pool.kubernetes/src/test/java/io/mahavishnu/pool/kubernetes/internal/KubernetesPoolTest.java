package io.mahavishnu.pool.kubernetes.internal;

import static io.mahavishnu.pool.kubernetes.internal.TestPools.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolHealth;
import io.mahavishnu.api.pool.PoolMetrics;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One Job per task on fabric8's CRUD mock API server: manifest, completion, failure, timeout, cancel, stop. */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesPoolTest {

    KubernetesMockServer server;
    KubernetesClient client;
    @TempDir
    Path dir;
    MockCluster cluster;

    @BeforeEach
    void cluster() {
        cluster = new MockCluster(server, client);
    }

    @AfterEach
    void closeCluster() {
        cluster.close();
    }

    private static Task command(String id, String... argv) {
        return Task.builder().id(id).command(argv).build();
    }

    @Test
    void aCommandTaskBecomesOneJobWithItsArgvLabelsTtlAndLimits() throws Exception {
        try (TestPools pools = new TestPools(cluster.kubeconfig(dir), "cpu_request", "100m", "cpu_limit", "500m",
                "memory_limit", "256Mi", "labels", "team=ml, env=dev", "service_account", "runner",
                "image_pull_policy", "IfNotPresent", "ttl_seconds_after_finished", "600")) {
            KubernetesPool pool = pools.started(2);
            List<String> argv = List.of("sh", "-c", "echo \"$HOME\"; rm -rf / # not a shell string", "two words");
            CompletableFuture<TaskResult> f = pool.execute(Task.builder().id("t-manifest").command(argv)
                    .timeoutSeconds(120).build()).toCompletableFuture();

            Job job = cluster.awaitJobs(pool.id(), 1).get(0);
            String name = job.getMetadata().getName();
            assertThat(name).isEqualTo("mahavishnu-" + JobNames.poolPart(pool.id()) + "-t-manifest");
            assertThat(job.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("app", "mahavishnu",
                    "pool", pool.id(), "task", "t-manifest", "team", "ml", "env", "dev"));
            assertThat(job.getMetadata().getAnnotations()).containsEntry("mahavishnu.io/task-id", "t-manifest")
                    .containsEntry("mahavishnu.io/timeout-seconds", "120");
            assertThat(job.getSpec().getBackoffLimit()).isEqualTo(3);
            assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
            assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(180L);
            assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                    .isEqualTo(job.getMetadata().getLabels());
            assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
            assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("runner");
            Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(job.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
            assertThat(c.getName()).isEqualTo("worker");
            assertThat(c.getImage()).isEqualTo("python:3.13-slim");
            assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
            assertThat(c.getCommand()).containsExactlyElementsOf(argv);
            assertThat(c.getArgs()).isNullOrEmpty();
            assertThat(c.getResources().getLimits()).containsEntry("cpu", new Quantity("500m"))
                    .containsEntry("memory", new Quantity("256Mi"));
            assertThat(c.getResources().getRequests()).containsOnlyKeys("cpu");
            assertThat(c.getEnv()).extracting(EnvVar::getName).containsExactly("MAHAVISHNU_TASK_ID",
                    "MAHAVISHNU_POOL_ID");

            cluster.succeed(name, "/root\n");
            TaskResult r = f.get(TestPools.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(r.output()).isEqualTo("/root\n");
            assertThat(r.workerId()).isEqualTo(name);
            assertThat(r.exitCode()).isZero();
            assertThat(r.metadata()).containsEntry("job_name", name).containsEntry("pods", 1);
            cluster.awaitGone(name);
        }
    }

    @Test
    void aPromptTaskRunsTheRunnerCommandWithThePromptAsOneArgumentAndInTheEnvironment() throws Exception {
        String prompt = "say 'hi'; $(rm -rf /) && echo pwned";
        try (TestPools pools = new TestPools(cluster.kubeconfig(dir), "runner_image", "example.org/claude:1",
                "runner_command", "claude -p {prompt} --output-format text")) {
            KubernetesPool custom = pools.started(1);
            custom.execute(Task.builder().id("t-prompt").prompt(prompt).build());
            Container c = container(cluster.awaitJobs(custom.id(), 1).get(0));
            assertThat(c.getImage()).isEqualTo("example.org/claude:1");
            assertThat(c.getCommand()).containsExactly("claude", "-p", prompt, "--output-format", "text");
            assertThat(c.getEnv()).contains(new EnvVar("MAHAVISHNU_PROMPT", prompt, null));

            KubernetesPool plain = pools.started(1, "runner_command", "printenv MAHAVISHNU_PROMPT",
                    "runner_image", "");
            plain.execute(Task.ofPrompt(prompt));
            Container d = container(cluster.awaitJobs(plain.id(), 1).get(0));
            assertThat(d.getImage()).isEqualTo("python:3.13-slim");
            assertThat(d.getCommand()).containsExactly("printenv", "MAHAVISHNU_PROMPT");
        }
    }

    @Test
    void aFailedPodIsRetriedByTheJobAndOnlyTheJobsFailureFailsTheTaskWithEveryPodsLog() throws Exception {
        try (TestPools pools = new TestPools(cluster.kubeconfig(dir))) {
            KubernetesPool pool = pools.started(1);
            CompletableFuture<TaskResult> retried = pool.execute(command("t-retry", "flaky")).toCompletableFuture();
            String first = cluster.awaitJobs(pool.id(), 1).get(0).getMetadata().getName();
            cluster.podFailed(first, 1, 1, "try again", "attempt 1\n");
            cluster.succeed(first, "attempt 2\n");
            TaskResult ok = await(retried);
            assertThat(ok.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(ok.output()).contains("attempt 1", "attempt 2").contains("--- pod " + first + "-");
            cluster.awaitGone(first);

            CompletableFuture<TaskResult> failing = pool.execute(command("t-fail", "false")).toCompletableFuture();
            String name = cluster.awaitJobs(pool.id(), 1).get(0).getMetadata().getName();
            for (int i = 1; i <= 3; i++) {
                cluster.podFailed(name, i, 2, "boom " + i, "attempt " + i + "\n");
            }
            cluster.pod(name, "Failed", 2, "Error", "boom 4", "attempt 4\n");
            cluster.status(name, 0, 0, 4, "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
            TaskResult r = await(failing);
            assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(r.error()).contains("Job " + name + " failed: BackoffLimitExceeded", "after 4 failed pods",
                    "Failed, Error, exit code 2: boom 4");
            assertThat(r.output()).contains("attempt 1", "attempt 2", "attempt 3", "attempt 4");
            assertThat(r.exitCode()).isEqualTo(2);
            cluster.awaitGone(name);
        }
    }

    @Test
    void aTimeoutCountsFromTheJobsCreationDeletesItInTheBackgroundAndSaysWhatThePodWasDoing() throws Exception {
        try (TestPools pools = new TestPools(cluster.kubeconfig(dir))) {
            KubernetesPool pool = pools.started(1);
            CompletableFuture<TaskResult> f = pool.execute(Task.builder().id("t-slow").command("sleep", "600")
                    .timeoutSeconds(1).build()).toCompletableFuture();
            String name = cluster.awaitJobs(pool.id(), 1).get(0).getMetadata().getName();
            cluster.pod(name, "Pending", null, "ImagePullBackOff", "Back-off pulling image", "");
            TaskResult r = await(f);
            assertThat(r.status()).isEqualTo(TaskStatus.TIMEOUT);
            assertThat(r.error()).startsWith("Task timed out after 1 s; Job " + name + " deleted")
                    .contains("ImagePullBackOff");
            assertThat(r.duration().toMillis()).isGreaterThanOrEqualTo(1000);
            cluster.awaitGone(name);
            assertThat(deleteRequest(name).getUtf8Body()).contains("\"propagationPolicy\":\"Background\"");
        }
    }

    @Test
    void aWaitingTaskWhoseDeadlinePassesLeavesTheQueueThenWithoutAJob() throws Exception {
        try (TestPools pools = new TestPools(cluster.kubeconfig(dir))) {
            KubernetesPool pool = pools.started(1);
            CompletableFuture<TaskResult> running = pool.execute(command("t-long", "sleep", "600"))
                    .toCompletableFuture();
            String name = cluster.awaitJobs(pool.id(), 1).get(0).getMetadata().getName();
            TaskResult late = await(pool.execute(Task.builder().id("t-late").command("true")
                    .deadline(java.time.Instant.now().plusMillis(200)).build()));
            assertThat(late.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(late.error()).isEqualTo("deadline_exceeded");
            assertThat(running).isNotDone();
            assertThat(pool.metrics().queued()).isZero();
            assertThat(cluster.awaitJobs(pool.id(), 1)).extracting(j -> j.getMetadata().getLabels().get("task"))
                    .containsExactly("t-long");
            running.cancel(true);
            cluster.awaitGone(name); // its deletion is done before the pool and the API server stop
        }
    }

    @Test
    void cancellingTheFutureDeletesTheJobWithBackgroundPropagation() throws Exception {
        try (TestPools pools = new TestPools(cluster.kubeconfig(dir))) {
            KubernetesPool pool = pools.started(1);
            CompletableFuture<TaskResult> f = pool.execute(command("t-cancel", "sleep", "600")).toCompletableFuture();
            String name = cluster.awaitJobs(pool.id(), 1).get(0).getMetadata().getName();
            f.cancel(true);
            cluster.awaitGone(name);
            assertThat(deleteRequest(name).getUtf8Body()).contains("\"propagationPolicy\":\"Background\"");

            // the slot is free again: the next task gets a Job
            pool.execute(command("t-next", "true"));
            assertThat(cluster.awaitJobs(pool.id(), 1).get(0).getMetadata().getLabels()).containsEntry("task",
                    "t-next");
        }
    }

    @Test
    void stopCancelsWaitingAndRunningTasksAndLeavesNoJob() throws Exception {
        try (TestPools pools = new TestPools(cluster.kubeconfig(dir))) {
            KubernetesPool pool = pools.started(2);
            List<CompletableFuture<TaskResult>> fs = List.of(
                    pool.execute(command("a", "sleep", "60")).toCompletableFuture(),
                    pool.execute(command("b", "sleep", "60")).toCompletableFuture(),
                    pool.execute(command("c", "sleep", "60")).toCompletableFuture());
            cluster.awaitJobs(pool.id(), 2);
            assertThat(pool.metrics().queued()).isEqualTo(1);
            await(pool.stop());
            for (CompletableFuture<TaskResult> f : fs) {
                TaskResult r = f.getNow(null);
                assertThat(r.status()).isEqualTo(TaskStatus.CANCELLED);
                assertThat(r.error()).isEqualTo("pool stopped");
            }
            assertThat(cluster.jobs(pool.id())).isEmpty();
            assertThat(failure(pool.execute(command("late", "true")))).hasMessageContaining("is stopped");
        }
    }

    @Test
    void scaleChangesHowManyJobsRunAtOnceAndTheQueueIsBounded() throws Exception {
        try (TestPools pools = new TestPools(cluster.kubeconfig(dir), "queue_size", "2")) {
            KubernetesPool pool = pools.started(3);
            assertThat(pool.metrics().totalWorkers()).isEqualTo(3);
            await(pool.scale(1));
            List<CompletableFuture<TaskResult>> fs = List.of(
                    pool.execute(command("s1", "true")).toCompletableFuture(),
                    pool.execute(command("s2", "true")).toCompletableFuture(),
                    pool.execute(command("s3", "true")).toCompletableFuture());
            assertThat(failure(pool.execute(command("s4", "true")))).isInstanceOf(RejectedExecutionException.class)
                    .hasMessageStartingWith("queue_full:");
            cluster.awaitJobs(pool.id(), 1);
            PoolMetrics m = pool.metrics();
            assertThat(m.activeWorkers()).isEqualTo(1);
            assertThat(m.totalWorkers()).isEqualTo(1);
            assertThat(m.queued()).isEqualTo(2);
            assertThat(m.tasksRejected()).isEqualTo(1);

            await(pool.scale(3));
            for (Job j : cluster.awaitJobs(pool.id(), 3)) {
                cluster.succeed(j.getMetadata().getName(), j.getMetadata().getLabels().get("task"));
            }
            for (CompletableFuture<TaskResult> f : fs) {
                assertThat(f.get(TestPools.WAIT_SECONDS, TimeUnit.SECONDS).status()).isEqualTo(TaskStatus.COMPLETED);
            }
            assertThat(failure(pool.scale(4))).hasMessageContaining("target_workers must be between min_workers=0 "
                    + "and max_workers=3 (got: 4)");
        }
    }

    @Test
    void startCreatesTheNamespaceAndAnIdlePoolIsHealthyUntilItsNamespaceGoes() throws Exception {
        try (TestPools pools = new TestPools(cluster.kubeconfig(dir), "namespace", "team-a")) {
            KubernetesPool pool = pools.started(2);
            assertThat(client.namespaces().withName("team-a").get()).isNotNull();
            PoolHealth h = await(pool.health());
            assertThat(h.status()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(h.details()).containsEntry("jobs", 0).containsEntry("jobs_active", 0)
                    .containsEntry("job_limit", 2).containsEntry("namespace", "team-a");
            assertThat((String) h.details().get("api")).contains("kubeconfig_path " + dir.resolve("kubeconfig"));

            client.namespaces().withName("team-a").delete();
            PoolHealth gone = await(pool.health());
            assertThat(gone.status()).isEqualTo(HealthStatus.UNHEALTHY);
            assertThat(gone.details()).containsEntry("error", "namespace team-a does not exist");
        }
    }

    @Test
    void aMissingKubeconfigFailsTheStartNamingTheSetting() throws Exception {
        try (TestPools pools = new TestPools(dir.resolve("nowhere"))) {
            KubernetesPool pool = pools.create(io.mahavishnu.api.pool.PoolConfig.builder().poolType("kubernetes")
                    .build(), null);
            assertThat(failure(pool.start())).hasMessageContaining("kubeconfig_path '" + dir.resolve("nowhere")
                    + "' is not a readable file");
            assertThat(pool.status()).isEqualTo(io.mahavishnu.api.pool.PoolStatus.FAILED);
        }
    }

    private RecordedRequest deleteRequest(String jobName) throws InterruptedException {
        for (RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS); r != null;
             r = server.takeRequest(1, TimeUnit.SECONDS)) {
            if ("DELETE".equals(r.getMethod()) && r.getPath().contains("/jobs/" + jobName)) {
                return r;
            }
        }
        throw new AssertionError("no DELETE of Job " + jobName);
    }

    private static Container container(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Throwable failure(java.util.concurrent.CompletionStage<?> stage) throws Exception {
        try {
            await(stage);
        } catch (ExecutionException e) {
            return e.getCause() instanceof java.util.concurrent.CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void extraConfigIsValidatedNamingTheKeyAndValue() throws Exception {
        try (TestPools pools = new TestPools(cluster.kubeconfig(dir))) {
            assertThatThrownBy(() -> pools.started(1, "namespace", "Bad_NS"))
                    .hasMessage("extra_config.namespace must be a DNS label: 1-63 characters a-z, 0-9 or '-', "
                            + "starting and ending alphanumeric (got: 'Bad_NS')");
            assertThatThrownBy(() -> pools.started(1, "api_qps", "0"))
                    .hasMessage("extra_config.api_qps must be a number between 0.1 and 1000.0 (got: '0')");
            // keys the pool type does not know are the manager's (or typos, which are logged), not errors
            assertThat(pools.started(1, "autoscale_policy", "utilization").status())
                    .isEqualTo(io.mahavishnu.api.pool.PoolStatus.RUNNING);
        }
    }
}

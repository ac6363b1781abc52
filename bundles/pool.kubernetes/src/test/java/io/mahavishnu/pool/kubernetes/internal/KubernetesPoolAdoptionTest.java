package io.mahavishnu.pool.kubernetes.internal;

import static io.mahavishnu.pool.kubernetes.internal.TestPools.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.mahavishnu.api.memory.MemoryItem;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolHealth;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runtime dies with Jobs running; the pool that comes back with the same id takes them over. */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesPoolAdoptionTest {

    KubernetesMockServer server;
    KubernetesClient client;
    @TempDir
    Path dir;

    @Test
    void afterARestartThePoolAdoptsItsRunningJobsFollowsThemAndDeletesThemAtStop() throws Exception {
        try (MockCluster cluster = new MockCluster(server, client);
             TestPools pools = new TestPools(cluster.kubeconfig(dir))) {
            PoolConfig config = PoolConfig.builder().poolType("kubernetes").workerType("job").minWorkers(0)
                    .maxWorkers(5).build();
            String id = "kubernetes_0123456789ab";
            KubernetesPool before = pools.create(config, id);
            await(before.start());
            before.execute(Task.builder().id("finishes").command("true").build());
            before.execute(Task.builder().id("too-slow").command("sleep", "600").timeoutSeconds(2).build());
            before.execute(Task.builder().id("still-running").command("sleep", "600").build());
            Map<String, String> names = new HashMap<>();
            for (Job j : cluster.awaitJobs(id, 3)) {
                names.put(j.getMetadata().getLabels().get("task"), j.getMetadata().getName());
            }
            pools.connections.get(0).close(); // the runtime dies: no watch, no client, the Jobs stay

            KubernetesPool after = pools.create(config, id);
            await(after.start());
            assertThat(after.metrics().activeWorkers()).isEqualTo(3);
            PoolHealth h = await(after.health());
            assertThat(h.details()).containsEntry("jobs_adopted", 3L).containsEntry("jobs", 3);

            CompletableFuture<TaskResult> finishes = after.resultOf(names.get("finishes"));
            CompletableFuture<TaskResult> tooSlow = after.resultOf(names.get("too-slow"));
            CompletableFuture<TaskResult> stillRunning = after.resultOf(names.get("still-running"));
            cluster.succeed(names.get("finishes"), "done while nobody watched\n");
            TaskResult done = await(finishes);
            assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(done.taskId()).isEqualTo("finishes");
            assertThat(done.output()).isEqualTo("done while nobody watched\n");
            assertThat(done.metadata()).containsEntry("adopted", true);
            TaskResult slow = await(tooSlow);
            assertThat(slow.status()).isEqualTo(TaskStatus.TIMEOUT);
            assertThat(slow.error()).startsWith("Task timed out after 2 s");
            cluster.awaitGone(names.get("too-slow"));

            // the adopted Jobs hold slots like any other; new tasks still run
            CompletableFuture<TaskResult> fresh = after.execute(Task.builder().id("fresh").command("true").build())
                    .toCompletableFuture();
            Job freshJob = cluster.await("the fresh Job", l -> l.stream().anyMatch(
                    j -> "fresh".equals(j.getMetadata().getLabels().get("task")))).stream()
                    .filter(j -> "fresh".equals(j.getMetadata().getLabels().get("task"))).findFirst().orElseThrow();
            cluster.succeed(freshJob.getMetadata().getName(), "fresh\n");
            assertThat(await(fresh).output()).isEqualTo("fresh\n");

            await(after.stop());
            assertThat(await(stillRunning).status()).isEqualTo(TaskStatus.CANCELLED);
            assertThat(cluster.jobs(id)).isEmpty();
            List<MemoryItem> memory = await(after.collectMemory(null)).items();
            assertThat(memory).extracting(m -> m.metadata().get("task_id") + "=" + m.metadata().get("status"))
                    .containsExactlyInAnyOrder("finishes=completed", "too-slow=timeout", "fresh=completed",
                            "still-running=cancelled");
        }
    }
}

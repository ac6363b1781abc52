package io.mahavishnu.pool.kubernetes.internal;

import static io.mahavishnu.pool.kubernetes.internal.TestPools.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many tasks: the token bucket holds the request rate, and a pool never has more than its limit of Jobs. The
 * numbers are measured from the recorded request times and printed for the record; the only timing asserted is
 * the rate bound (requests in any one-second window ≤ burst + rate).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesPoolLoadTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    KubernetesMockServer server;
    KubernetesClient client;
    @TempDir
    Path dir;

    @Test
    void moreThanAHundredJobCreationsStayWithinTheRateLimit() throws Exception {
        try (MockCluster cluster = new MockCluster(server, client);
             TestPools pools = new TestPools(cluster.kubeconfig(dir), "api_qps", "50", "api_burst", "10")) {
            KubernetesPool pool = pools.started(150);
            long t0 = System.nanoTime();
            for (int i = 0; i < 120; i++) {
                pool.execute(Task.builder().id("rate-" + i).command("true").build());
            }
            cluster.awaitJobs(pool.id(), 120);
            long took = System.nanoTime() - t0;
            await(pool.stop());
            assertThat(cluster.jobs(pool.id())).isEmpty();

            List<Long> times = sorted(pools);
            int worst = maxInWindow(times, SECOND);
            System.out.printf("rate limit 50/s burst 10: %d requests, 120 Jobs created in %.2f s, at most %d "
                    + "requests in any 1 s window (bound 60)%n", times.size(), took / 1e9, worst);
            assertThat(times.size()).isGreaterThan(120);
            assertThat(worst).isLessThanOrEqualTo(10 + 50);
        }
    }

    @Test
    void twoHundredTasksRunWithAtMostTwentyJobsAtOnceAndLeaveNoJob() throws Exception {
        ExecutorService kubelet = Executors.newFixedThreadPool(4);
        try (MockCluster cluster = new MockCluster(server, client);
             TestPools pools = new TestPools(cluster.kubeconfig(dir), "api_qps", "100", "api_burst", "20")) {
            KubernetesPool pool = pools.started(20);
            AtomicInteger live = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            SharedIndexInformer<Job> controller = client.batch().v1().jobs().inNamespace(MockCluster.NAMESPACE)
                    .withLabel("pool", pool.id()).inform(new ResourceEventHandler<Job>() {
                        @Override
                        public void onAdd(Job job) {
                            most.accumulateAndGet(live.incrementAndGet(), Math::max);
                            String name = job.getMetadata().getName();
                            String task = job.getMetadata().getLabels().get("task");
                            kubelet.execute(() -> cluster.succeed(name, "out of " + task + "\n"));
                        }

                        @Override
                        public void onUpdate(Job oldJob, Job newJob) {
                        }

                        @Override
                        public void onDelete(Job job, boolean unknown) {
                            live.decrementAndGet();
                        }
                    });
            long t0 = System.nanoTime();
            List<CompletableFuture<TaskResult>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.execute(Task.builder().id("load-" + i).command("echo", "load-" + i)
                        .priority(i % 10).build()).toCompletableFuture());
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            long took = System.nanoTime() - t0;
            for (int i = 0; i < 200; i++) {
                TaskResult r = results.get(i).join();
                assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
                assertThat(r.output()).isEqualTo("out of load-" + i + "\n");
            }
            await(pool.stop());
            controller.close();
            assertThat(cluster.jobs(pool.id())).isEmpty();

            List<Long> times = sorted(pools);
            int worst = maxInWindow(times, SECOND);
            System.out.printf("200 tasks, max_workers 20, rate 100/s burst 20: %.2f s, %d requests, at most %d Jobs "
                    + "at once, at most %d requests in any 1 s window (bound 120)%n", took / 1e9, times.size(),
                    most.get(), worst);
            assertThat(most.get()).isBetween(1, 20);
            assertThat(worst).isLessThanOrEqualTo(20 + 100);
        } finally {
            kubelet.shutdownNow();
        }
    }

    private static List<Long> sorted(TestPools pools) {
        List<Long> times = new ArrayList<>(pools.requests);
        times.sort(null);
        return times;
    }

    /** @return the most timestamps in any window [t, t + width) */
    static int maxInWindow(List<Long> sortedNanos, long width) {
        int worst = 0;
        int j = 0;
        for (int i = 0; i < sortedNanos.size(); i++) {
            while (j < sortedNanos.size() && sortedNanos.get(j) - sortedNanos.get(i) < width) {
                j++;
            }
            worst = Math.max(worst, j - i);
        }
        return worst;
    }
}

package io.mahavishnu.itests.kubernetes;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Inside the framework: plays the Job controller on the mock API server with the deployed fabric8 bundles. Every
 * Job of the pool succeeds as soon as it appears (its status is patched), and the most Jobs that existed at once
 * is recorded. A class of its own so the test class references no fabric8 type: those exist only once the add-on
 * is deployed, and a class that failed to link against them would stay broken.
 */
final class FakeCluster implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final ExecutorService kubelet = Executors.newFixedThreadPool(2);
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();
    private SharedIndexInformer<Job> controller;

    FakeCluster(String url, String namespace) {
        this.namespace = namespace;
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(KubernetesClientBuilder.class.getClassLoader());
        try {
            client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(url).build())
                    .withHttpClientFactory(new JdkHttpClientFactory()).build();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /** Completes every Job of the pool as it appears. */
    void completeJobsOf(String poolId) {
        controller = client.batch().v1().jobs().inNamespace(namespace).withLabel("pool", poolId)
                .inform(new ResourceEventHandler<Job>() {
                    @Override
                    public void onAdd(Job job) {
                        most.accumulateAndGet(live.incrementAndGet(), Math::max);
                        kubelet.execute(() -> succeed(job.getMetadata().getName()));
                    }

                    @Override
                    public void onUpdate(Job oldJob, Job newJob) {
                    }

                    @Override
                    public void onDelete(Job job, boolean unknown) {
                        live.decrementAndGet();
                    }
                });
    }

    /** The Job's pod succeeded: patch the Job's status as the Job controller would. */
    private void succeed(String name) {
        client.batch().v1().jobs().inNamespace(namespace).withName(name).editStatus(j -> new JobBuilder(j)
                .editOrNewStatus().withActive(0).withSucceeded(1).addToConditions(new JobConditionBuilder()
                        .withType("Complete").withStatus("True").build()).endStatus().build());
    }

    int mostJobsAtOnce() {
        return most.get();
    }

    int jobsOf(String poolId) {
        return client.batch().v1().jobs().inNamespace(namespace).withLabel("pool", poolId).list().getItems().size();
    }

    boolean namespaceExists() {
        return client.namespaces().withName(namespace).get() != null;
    }

    @Override
    public void close() {
        if (controller != null) {
            controller.close();
        }
        kubelet.shutdownNow();
        client.close();
    }
}

package io.mahavishnu.pool.kubernetes.internal;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link KubeApi} on a fabric8 {@link KubernetesClient} (built by {@link KubeClients}, whose HTTP client puts
 * every request through the pool's token bucket). fabric8 failures become {@link KubeApiException}s carrying
 * the HTTP status and the API server's message.
 */
final class Fabric8KubeApi implements KubeApi {

    /** Kubernetes' default when a Job does not say. */
    private static final int DEFAULT_BACKOFF_LIMIT = 6;

    private final KubernetesClient client;
    private final String namespace;
    private final String description;

    Fabric8KubeApi(KubernetesClient client, String namespace, String description) {
        this.client = client;
        this.namespace = namespace;
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void ensureNamespace() {
        call("read namespace " + namespace, () -> {
            if (client.namespaces().withName(namespace).get() == null) {
                try {
                    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                            .endMetadata().build()).create();
                } catch (KubernetesClientException e) {
                    if (e.getCode() != KubeApiException.CONFLICT) { // created meanwhile by someone else: fine
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    @Override
    public boolean namespaceExists() {
        return call("read namespace " + namespace, () -> client.namespaces().withName(namespace).get() != null);
    }

    @Override
    public String createJob(JobSpec spec) {
        return call("create Job " + spec.name(), () -> client.batch().v1().jobs().inNamespace(namespace)
                .resource(manifest(spec)).create().getMetadata().getUid());
    }

    @Override
    public boolean deleteJob(String name) {
        return call("delete Job " + name, () -> !client.batch().v1().jobs().inNamespace(namespace).withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete().isEmpty());
    }

    @Override
    public void deleteJobs(Map<String, String> labels) {
        call("delete Jobs " + labels, () -> client.batch().v1().jobs().inNamespace(namespace).withLabels(labels)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
    }

    @Override
    public List<JobState> listJobs(Map<String, String> labels) {
        return call("list Jobs " + labels, () -> client.batch().v1().jobs().inNamespace(namespace)
                .withLabels(labels).list().getItems().stream().map(Fabric8KubeApi::state).toList());
    }

    @Override
    public JobWatch watchJobs(Map<String, String> labels, JobListener listener) {
        SharedIndexInformer<Job> informer = call("watch Jobs " + labels, () -> client.batch().v1().jobs()
                .inNamespace(namespace).withLabels(labels).inform(new ResourceEventHandler<Job>() {
                    @Override
                    public void onAdd(Job job) {
                        listener.changed(state(job));
                    }

                    @Override
                    public void onUpdate(Job oldJob, Job newJob) {
                        listener.changed(state(newJob));
                    }

                    @Override
                    public void onDelete(Job job, boolean finalStateUnknown) {
                        listener.deleted(state(job));
                    }
                }, 0));
        return new JobWatch() {
            @Override
            public boolean isWatching() {
                return informer.isWatching();
            }

            @Override
            public List<JobState> current() {
                return informer.getStore().list().stream().map(Fabric8KubeApi::state).toList();
            }

            @Override
            public void close() {
                informer.close();
            }
        };
    }

    @Override
    public List<PodState> pods(String jobName) {
        return call("list pods of Job " + jobName, () -> client.pods().inNamespace(namespace)
                .withLabel("job-name", jobName).list().getItems().stream().map(Fabric8KubeApi::pod)
                .sorted(Comparator.comparing(PodState::created, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(PodState::name))
                .toList());
    }

    @Override
    public String log(String podName, int limitBytes) {
        // A plain GET: fabric8's getLog() first waits for the pod to be ready, which costs extra requests.
        String log = call("read log of pod " + podName, () -> client.raw("/api/v1/namespaces/" + namespace
                + "/pods/" + podName + "/log?limitBytes=" + limitBytes));
        return log == null ? "" : log;
    }

    @Override
    public void close() {
        client.close();
    }

    // --- conversions -----------------------------------------------------------------------------------

    static Job manifest(JobSpec s) {
        ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
        s.resources().forEach((key, value) -> {
            String kind = key.substring(key.indexOf('.') + 1);
            if (key.startsWith("requests.")) {
                resources.addToRequests(kind, new Quantity(value));
            } else {
                resources.addToLimits(kind, new Quantity(value));
            }
        });
        List<EnvVar> env = new ArrayList<>();
        s.env().forEach((k, v) -> env.add(new EnvVar(k, v, null)));
        return new JobBuilder()
                .withNewMetadata().withName(s.name()).withLabels(s.labels()).withAnnotations(s.annotations())
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(s.backoffLimit())
                .withTtlSecondsAfterFinished(s.ttlSecondsAfterFinished())
                .withActiveDeadlineSeconds(s.activeDeadlineSeconds())
                .withNewTemplate()
                .withNewMetadata().withLabels(s.labels()).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withServiceAccountName(s.serviceAccount().isEmpty() ? null : s.serviceAccount())
                .addNewContainer()
                .withName(JobSpec.CONTAINER)
                .withImage(s.image())
                .withImagePullPolicy(s.imagePullPolicy().isEmpty() ? null : s.imagePullPolicy())
                .withCommand(s.command())
                .withEnv(env)
                .withResources(s.resources().isEmpty() ? null : resources.build())
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static JobState state(Job job) {
        JobStatus st = job.getStatus();
        String condition = null;
        String reason = null;
        String message = null;
        if (st != null && st.getConditions() != null) {
            for (JobCondition c : st.getConditions()) {
                if (("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus())) {
                    condition = c.getType();
                    reason = c.getReason();
                    message = c.getMessage();
                }
            }
        }
        Integer backoff = job.getSpec() == null ? null : job.getSpec().getBackoffLimit();
        return new JobState(job.getMetadata().getName(), job.getMetadata().getUid(), orEmpty(job.getMetadata().getLabels()),
                orEmpty(job.getMetadata().getAnnotations()), instant(job.getMetadata().getCreationTimestamp()),
                backoff == null ? DEFAULT_BACKOFF_LIMIT : backoff, st == null ? 0 : zero(st.getActive()),
                st == null ? 0 : zero(st.getSucceeded()), st == null ? 0 : zero(st.getFailed()), condition, reason,
                message);
    }

    static PodState pod(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        String reason = p.getStatus() == null ? null : p.getStatus().getReason();
        String message = p.getStatus() == null ? null : p.getStatus().getMessage();
        Integer exit = null;
        List<ContainerStatus> containers = p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                ? List.of() : p.getStatus().getContainerStatuses();
        for (ContainerStatus cs : containers) {
            ContainerState state = cs.getState();
            if (state != null && state.getTerminated() != null) {
                reason = state.getTerminated().getReason();
                message = state.getTerminated().getMessage();
                exit = state.getTerminated().getExitCode();
            } else if (state != null && state.getWaiting() != null) {
                reason = state.getWaiting().getReason();
                message = state.getWaiting().getMessage();
            }
        }
        return new PodState(p.getMetadata().getName(), phase, instant(p.getMetadata().getCreationTimestamp()),
                reason, message, exit);
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    private static int zero(Integer i) {
        return i == null ? 0 : i;
    }

    private static Instant instant(String timestamp) {
        try {
            return timestamp == null ? null : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (KubernetesClientException e) {
            String detail = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : Objects.toString(e.getMessage(), e.toString());
            throw new KubeApiException(e.getCode(), "cannot " + what + ": " + detail, e);
        } catch (RuntimeException e) { // e.g. the client was closed
            throw new KubeApiException(0, "cannot " + what + ": " + e, e);
        }
    }
}

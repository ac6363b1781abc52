package io.mahavishnu.pool.kubernetes.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Job the pool creates for one task, before it becomes a manifest: one container named {@code worker},
 * {@code restartPolicy: Never}, the same labels on the Job and its pod template.
 *
 * @param name                    Job name (a DNS label)
 * @param labels                  labels of the Job and its pods
 * @param annotations             annotations of the Job
 * @param image                   container image
 * @param imagePullPolicy         pull policy, empty for the cluster default
 * @param command                 the container's argv, never a shell string
 * @param env                     environment variables
 * @param resources               {@code requests.cpu}, {@code limits.memory}, … to quantities
 * @param serviceAccount          service account, empty for the default
 * @param backoffLimit            pod retries
 * @param ttlSecondsAfterFinished TTL of the finished Job
 * @param activeDeadlineSeconds   cluster-side deadline
 */
record JobSpec(String name, Map<String, String> labels, Map<String, String> annotations, String image,
               String imagePullPolicy, List<String> command, Map<String, String> env, Map<String, String> resources,
               String serviceAccount, int backoffLimit, int ttlSecondsAfterFinished, long activeDeadlineSeconds) {

    /** The container's name. */
    static final String CONTAINER = "worker";

    JobSpec {
        labels = copy(labels);
        annotations = copy(annotations);
        command = List.copyOf(command);
        env = copy(env);
        resources = copy(resources);
    }

    private static Map<String, String> copy(Map<String, String> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}

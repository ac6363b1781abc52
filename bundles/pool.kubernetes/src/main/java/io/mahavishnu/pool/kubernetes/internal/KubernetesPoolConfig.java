package io.mahavishnu.pool.kubernetes.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Defaults of the kubernetes pool type (PID {@code io.mahavishnu.pool.kubernetes}, file
 * {@code etc/io.mahavishnu.pool.kubernetes.cfg}). A pool overrides any of them with the same key in its
 * {@code extra_config}.
 *
 * <p>Method names use a double underscore because Declarative Services maps a single {@code _} to {@code .};
 * {@code container__image()} is the property {@code container_image}, the name operators write in the file.
 */
@ObjectClassDefinition(name = "Mahavishnu Kubernetes pool",
        description = "Pools of type kubernetes run every task as a Kubernetes Job. These are the defaults; a pool "
                + "overrides any of them in its extra_config.")
@interface KubernetesPoolConfig {

    @AttributeDefinition(name = "Namespace",
            description = "Namespace the Jobs run in; created when missing. A DNS label (a-z, 0-9, '-').")
    String namespace() default "mahavishnu";

    @AttributeDefinition(name = "Kubeconfig path",
            description = "Kubeconfig file to connect with. Empty: the KUBECONFIG environment variable or "
                    + "~/.kube/config, else the in-cluster service account.")
    String kubeconfig__path() default "";

    @AttributeDefinition(name = "Container image",
            description = "Image of the Job's container for tasks that carry a command.")
    String container__image() default "python:3.13-slim";

    @AttributeDefinition(name = "Runner image",
            description = "Image for tasks that carry a prompt. Empty: the container image.")
    String runner__image() default "";

    @AttributeDefinition(name = "Runner command",
            description = "Command run for a prompt task, split on whitespace (no quoting, never a shell). A "
                    + "{prompt} token is replaced by the prompt as one argument; the prompt is also in the "
                    + "environment variable MAHAVISHNU_PROMPT.")
    String runner__command() default "printenv MAHAVISHNU_PROMPT";

    @AttributeDefinition(name = "Image pull policy",
            description = "Always, IfNotPresent or Never. Empty: the cluster's default.")
    String image__pull__policy() default "";

    @AttributeDefinition(name = "Service account",
            description = "Service account the Job's pod runs as. Empty: the namespace's default.")
    String service__account() default "";

    @AttributeDefinition(name = "CPU request", description = "e.g. 250m or 1. Empty: none.")
    String cpu__request() default "";

    @AttributeDefinition(name = "CPU limit", description = "e.g. 500m or 2. Empty: none.")
    String cpu__limit() default "";

    @AttributeDefinition(name = "Memory request", description = "e.g. 256Mi. Empty: none.")
    String memory__request() default "";

    @AttributeDefinition(name = "Memory limit", description = "e.g. 1Gi. Empty: none.")
    String memory__limit() default "";

    @AttributeDefinition(name = "Extra labels",
            description = "Labels added to every Job and pod, e.g. team=ml,env=dev. app, pool and task are set "
                    + "by the pool and cannot be overridden.")
    String labels() default "";

    @AttributeDefinition(name = "Backoff limit",
            description = "Pod retries before a Job counts as failed (the Job's backoffLimit). 0..100.")
    int backoff__limit() default 3;

    @AttributeDefinition(name = "TTL after finished (seconds)",
            description = "The cluster deletes a finished Job this long after it ended, if the pool did not "
                    + "(e.g. the runtime was down). 60..31536000.")
    int ttl__seconds__after__finished() default 3600;

    @AttributeDefinition(name = "Active deadline (seconds)",
            description = "The cluster stops a Job running longer than this. 0: the task's timeout plus 60 s, so "
                    + "a Job never outlives its task even when the runtime is down. 0..31536000.")
    int active__deadline__seconds() default 0;

    @AttributeDefinition(name = "API rate (requests per second)",
            description = "Client-side limit on requests to the Kubernetes API per pool (token bucket). "
                    + "0.1..1000.")
    double api__qps() default 5.0;

    @AttributeDefinition(name = "API burst",
            description = "Requests the token bucket allows at once after a quiet period. 1..10000.")
    int api__burst() default 10;

    @AttributeDefinition(name = "Output cap (bytes)",
            description = "Log bytes kept per task, over all its pods; the result is flagged as truncated beyond. "
                    + "1024..67108864.")
    int max__output__bytes() default 1048576;

    @AttributeDefinition(name = "Queue size",
            description = "Tasks a pool keeps waiting when it runs as many Jobs as it may; more are rejected "
                    + "with queue_full. 0..1000000.")
    int queue__size() default 10000;

    @AttributeDefinition(name = "Aging interval (milliseconds)",
            description = "A waiting task gains one priority level per interval, so low priorities cannot "
                    + "starve. 1..3600000.")
    long aging__interval__millis() default 1000;

    @AttributeDefinition(name = "Memory items retained",
            description = "Task memory items each pool keeps for collection (the newest ones). 0..100000.")
    int memory__items__retained() default 1000;
}

package io.mahavishnu.pool.kubernetes.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a kubernetes pool needs from the API server, in our own terms: one namespace, its Jobs, their pods and
 * logs. {@link Fabric8KubeApi} implements it with fabric8; pool logic never sees a fabric8 type, so it can be
 * tested against any implementation. Methods block (callers run them off the caller's thread) and throw
 * {@link KubeApiException} on failure. Every request counts against the pool's token bucket.
 */
interface KubeApi extends AutoCloseable {

    /** @return where the client connects and how it found its configuration, e.g. for health details */
    String describe();

    /** Creates the namespace unless it exists. */
    void ensureNamespace();

    /** @return whether the namespace exists (the API answers) */
    boolean namespaceExists();

    /**
     * @param spec the Job to create
     * @return the new Job's uid (tells it apart from an earlier Job of the same name)
     * @throws KubeApiException with {@link KubeApiException#CONFLICT} if a Job of that name exists
     */
    String createJob(JobSpec spec);

    /**
     * Deletes a Job with background propagation (its pods are removed by the cluster).
     *
     * @param name the Job
     * @return false if it did not exist
     */
    boolean deleteJob(String name);

    /** Deletes every Job with these labels, background propagation, in one request. */
    void deleteJobs(Map<String, String> labels);

    /** @return the Jobs with these labels */
    List<JobState> listJobs(Map<String, String> labels);

    /**
     * Watches Jobs with these labels (list, then watch, re-listing after a disconnect). Every Job that exists
     * when this is called is reported to the listener before it returns.
     *
     * @param labels   selector
     * @param listener told about every change
     * @return the running watch
     */
    JobWatch watchJobs(Map<String, String> labels, JobListener listener);

    /** @return the pods of a Job, oldest first */
    List<PodState> pods(String jobName);

    /**
     * @param podName    the pod
     * @param limitBytes at most this many bytes are sent
     * @return the log, empty if the pod has none
     */
    String log(String podName, int limitBytes);

    @Override
    void close();

    /** Receives Job changes; must return quickly (it runs on the watch's thread). */
    interface JobListener {
        /** @param job the Job now (added or modified) */
        void changed(JobState job);

        /** @param job the Job as last seen; it is gone */
        void deleted(JobState job);
    }

    /** A running watch. */
    interface JobWatch extends AutoCloseable {
        /** @return whether the watch is connected now */
        boolean isWatching();

        /** @return the Jobs as the watch knows them now (after its initial list, every Job that matched) */
        List<JobState> current();

        @Override
        void close();
    }

    /**
     * One Job as the pool needs to see it.
     *
     * @param name         name
     * @param uid          uid
     * @param labels       labels
     * @param annotations  annotations
     * @param created      creation time, may be null
     * @param backoffLimit its spec's backoffLimit
     * @param active       running pods
     * @param succeeded    succeeded pods
     * @param failed       failed pods
     * @param condition    {@code Complete}, {@code Failed} or null while running
     * @param reason       the condition's reason (e.g. {@code BackoffLimitExceeded}), may be null
     * @param message      the condition's message, may be null
     */
    record JobState(String name, String uid, Map<String, String> labels, Map<String, String> annotations, Instant created,
                    int backoffLimit, int active, int succeeded, int failed, String condition, String reason,
                    String message) {

        /** @return true once the Job succeeded */
        boolean succeededNow() {
            return "Complete".equals(condition) || (succeeded > 0 && !"Failed".equals(condition));
        }

        /** @return true once the Job failed for good (a failed pod the Job will retry is not enough) */
        boolean failedNow() {
            return "Failed".equals(condition) || (failed > backoffLimit && succeeded == 0 && active == 0);
        }

        boolean finished() {
            return succeededNow() || failedNow();
        }
    }

    /**
     * One pod of a Job.
     *
     * @param name     name
     * @param phase    Pending, Running, Succeeded, Failed, Unknown
     * @param created  creation time, may be null
     * @param reason   why it is not running or how it ended (container reason first, e.g. {@code Error},
     *                 {@code OOMKilled}, {@code ImagePullBackOff}; else the pod's), may be null
     * @param message  details, may be null
     * @param exitCode the container's exit code once terminated, else null
     */
    record PodState(String name, String phase, Instant created, String reason, String message, Integer exitCode) {
    }
}

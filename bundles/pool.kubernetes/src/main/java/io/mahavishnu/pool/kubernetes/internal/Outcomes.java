package io.mahavishnu.pool.kubernetes.internal;

import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the {@link TaskResult} of a run from what its Job did. Pure functions. */
final class Outcomes {

    private Outcomes() {
    }

    /**
     * @param run    the run
     * @param poolId the pool
     * @param job    the finished Job
     * @param out    its logs and pods
     * @param took   time since the Job was created
     * @return completed, failed, or timeout when the cluster stopped it at its active deadline
     */
    static TaskResult finished(JobRun run, String poolId, KubeApi.JobState job, JobOutput out, Duration took) {
        if (job.succeededNow()) {
            return result(run, poolId, TaskStatus.COMPLETED, null, out, took);
        }
        StringBuilder error = new StringBuilder("Job ").append(run.jobName).append(" failed");
        if (job.reason() != null) {
            error.append(": ").append(job.reason());
        }
        if (job.message() != null && !job.message().isBlank()) {
            error.append(" (").append(job.message().strip()).append(')');
        }
        error.append(" after ").append(job.failed()).append(job.failed() == 1 ? " failed pod" : " failed pods");
        appendPodProblem(error, out);
        TaskStatus status = "DeadlineExceeded".equals(job.reason()) ? TaskStatus.TIMEOUT : TaskStatus.FAILED;
        return result(run, poolId, status, error.toString(), out, took);
    }

    /**
     * @param run    the run
     * @param poolId the pool
     * @param reason why the pool ended it
     * @param out    its logs so far (empty when not read)
     * @param took   time since the Job was created
     * @return timeout or cancelled
     */
    static TaskResult killed(JobRun run, String poolId, JobRun.KillReason reason, JobOutput out, Duration took) {
        if (reason == JobRun.KillReason.TIMEOUT) {
            StringBuilder error = new StringBuilder("Task timed out after ").append(seconds(run.timeout))
                    .append(" s; Job ").append(run.jobName).append(" deleted");
            appendPodProblem(error, out);
            return result(run, poolId, TaskStatus.TIMEOUT, error.toString(), out, took);
        }
        return result(run, poolId, TaskStatus.CANCELLED,
                reason == JobRun.KillReason.STOPPED ? "pool stopped" : "cancelled", out, took);
    }

    /** @return a result for a Job that disappeared without the pool deleting it */
    static TaskResult vanished(JobRun run, String poolId, Duration took) {
        return result(run, poolId, TaskStatus.FAILED, "Job " + run.jobName + " was deleted outside the pool",
                null, took);
    }

    /** @return the result of a run that never got a Job */
    static TaskResult unstarted(JobRun run, String poolId, TaskStatus status, String error) {
        return new TaskResult(run.taskId, poolId, null, status, null, error, Duration.ZERO, false, null, null, null);
    }

    private static TaskResult result(JobRun run, String poolId, TaskStatus status, String error, JobOutput out,
                                     Duration took) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("job_name", run.jobName);
        if (out != null) {
            meta.put("pods", out.pods().size());
            if (out.problem() != null) {
                meta.put("logs_error", out.problem());
            }
        }
        if (run.adopted) {
            meta.put("adopted", true);
        }
        return new TaskResult(run.taskId, poolId, run.jobName, status, out == null ? null : out.text(), error, took,
                out != null && out.truncated(), out == null ? null : out.exitCode(), null, meta);
    }

    private static void appendPodProblem(StringBuilder error, JobOutput out) {
        String pod = out == null ? "" : out.lastPodProblem();
        if (!pod.isEmpty()) {
            error.append("; ").append(pod);
        }
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }
}

package io.mahavishnu.pool.kubernetes.internal;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives each Job of a pool: creates it, follows it through the watch (never by polling), and ends it: on
 * success or failure after the Job's own retries (a failed pod the Job retries is not a failed task), on timeout
 * (counted from the Job's creation), on cancellation and at stop. Every ended Job is deleted with background
 * propagation once its pods' logs are read, then its slot is released. At start it adopts the Jobs an earlier run
 * of the same pool left behind, so they are followed, time-limited and cleaned up instead of leaking.
 *
 * <p>State lives in the {@link JobRun}s, guarded by the dispatcher's lock. API calls run on the pool's executor;
 * watch callbacks and timers only change state under the lock and hand work to that executor.
 */
final class JobTracker implements KubeApi.JobListener {

    private static final Logger LOG = LoggerFactory.getLogger(JobTracker.class);
    /** Names tried when a Job of the chosen name exists already (e.g. a task id used twice). */
    private static final int MAX_NAME_ATTEMPTS = 20;

    private final String poolId;
    private final Supplier<KubernetesSettings> settings;
    private final ScheduledExecutorService scheduler;
    private final Executor executor;
    private final Consumer<TaskResult> ran;
    private JobDispatcher d;
    private volatile KubeApi api;
    /** True while the watch reports the Jobs that existed at start: unknown ones are adopted. */
    private volatile boolean adopting;

    /**
     * @param poolId    the pool
     * @param settings  the pool's settings now
     * @param scheduler timeouts
     * @param executor  API calls
     * @param ran       told about every result (memory)
     */
    JobTracker(String poolId, Supplier<KubernetesSettings> settings, ScheduledExecutorService scheduler,
               Executor executor, Consumer<TaskResult> ran) {
        this.poolId = poolId;
        this.settings = settings;
        this.scheduler = scheduler;
        this.executor = executor;
        this.ran = ran;
    }

    void attach(JobDispatcher dispatcher) {
        this.d = dispatcher;
    }

    /**
     * Connects the tracker to the API and starts the watch; Jobs that exist now are adopted before this returns.
     *
     * @param connected the API
     * @return the watch
     */
    KubeApi.JobWatch watch(KubeApi connected) {
        this.api = connected;
        adopting = true;
        try {
            KubeApi.JobWatch w = connected.watchJobs(JobSpecs.poolSelector(poolId), this);
            // The watch's handler may still be busy with its initial list when it returns: go through the Jobs it
            // listed here, so that every one is adopted before start completes (a Job seen twice is seen once).
            w.current().forEach(this::changed);
            return w;
        } finally {
            adopting = false;
        }
    }

    // --- create --------------------------------------------------------------------------------------------

    /** Creates the Job of a run that holds a slot. Runs on the executor. */
    void create(JobRun run) {
        for (int attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
            String name = JobNames.jobName(poolId, run.taskId, attempt);
            JobRun.KillReason early;
            synchronized (d.lock) {
                early = run.killReason != null ? run.killReason
                        : run.future.isDone() ? JobRun.KillReason.CANCELLED : null;
                if (early == null) {
                    if (d.byName.containsKey(name)) {
                        continue; // a run in flight has this name (same task id twice)
                    }
                    run.jobName = name;
                    run.state = JobRun.State.CREATING;
                    d.byName.put(name, run);
                    d.createStarted();
                }
            }
            if (early != null) {
                d.finishUnstarted(run, TaskStatus.CANCELLED,
                        early == JobRun.KillReason.STOPPED ? "pool stopped" : "cancelled");
                return;
            }
            String uid = null;
            String error = null;
            boolean conflict = false;
            try {
                uid = api.createJob(JobSpecs.forTask(poolId, run.task, name, settings.get()));
            } catch (IllegalArgumentException e) {
                error = "cannot run the task: " + e.getMessage();
            } catch (KubeApiException e) {
                conflict = e.code() == KubeApiException.CONFLICT;
                error = "could not create Job " + name + ": " + e.getMessage();
            } catch (RuntimeException e) {
                error = "could not create Job " + name + ": " + e;
            } finally {
                d.createEnded();
            }
            if (uid != null) {
                started(run, uid);
                return;
            }
            synchronized (d.lock) {
                d.byName.remove(name);
                run.jobName = null;
                run.state = JobRun.State.ASSIGNED;
            }
            if (!conflict) {
                LOG.warn("Pool {}: task {}: {}", poolId, run.taskId, error);
                d.finish(run, Outcomes.unstarted(run, poolId, TaskStatus.FAILED, error));
                return;
            }
        }
        d.finish(run, Outcomes.unstarted(run, poolId, TaskStatus.FAILED, "could not find a free Job name for task "
                + run.taskId + " after " + MAX_NAME_ATTEMPTS + " attempts"));
    }

    /** The Job exists: its time runs from now. */
    private void started(JobRun run, String uid) {
        JobRun.KillReason kill;
        KubeApi.JobState finishedEarly = null;
        synchronized (d.lock) {
            run.uid = uid;
            run.startNanos = System.nanoTime();
            run.state = JobRun.State.RUNNING;
            kill = run.killReason;
            if (kill == null) {
                run.timer = schedule(run, run.timeout.toNanos());
                KubeApi.JobState seen = run.lastSeen;
                if (seen != null && uid.equals(seen.uid()) && seen.finished()) {
                    finishedEarly = seen; // the watch saw it end before the create call returned
                }
            }
            if (kill != null || finishedEarly != null) {
                run.state = JobRun.State.FINISHING;
            }
        }
        if (kill != null) {
            terminate(run, kill);
        } else if (finishedEarly != null) {
            conclude(run, finishedEarly);
        }
    }

    // --- watch events --------------------------------------------------------------------------------------

    @Override
    public void changed(KubeApi.JobState job) {
        JobRun run;
        boolean ended = false;
        synchronized (d.lock) {
            run = d.byName.get(job.name());
            if (run == null) {
                if (!adopting || !poolId.equals(job.labels().get("pool")) || (run = adopt(job)) == null) {
                    return;
                }
            }
            if (run.uid != null && !run.uid.equals(job.uid())) {
                return; // an earlier Job of the same name
            }
            run.lastSeen = job;
            if (run.state == JobRun.State.RUNNING && run.killReason == null && job.finished()) {
                run.state = JobRun.State.FINISHING;
                ended = true;
            }
        }
        if (ended) {
            JobRun r = run;
            executor.execute(() -> conclude(r, job));
        }
    }

    @Override
    public void deleted(KubeApi.JobState job) {
        JobRun run;
        synchronized (d.lock) {
            run = d.byName.get(job.name());
            if (run == null || (run.uid != null && !run.uid.equals(job.uid()))
                    || run.state != JobRun.State.RUNNING || run.killReason != null) {
                return; // not ours, or the pool is deleting it itself
            }
            run.state = JobRun.State.FINISHING;
        }
        LOG.warn("Pool {}: Job {} of task {} was deleted outside the pool", poolId, job.name(), run.taskId);
        executor.execute(() -> d.finish(run, Outcomes.vanished(run, poolId, took(run))));
    }

    /** Under the lock: a Job of this pool that no run knows, found at start. */
    private JobRun adopt(KubeApi.JobState job) {
        String taskId = job.annotations().getOrDefault(JobSpecs.TASK_ID, job.labels().getOrDefault("task",
                job.name()));
        Duration timeout = Task.DEFAULT_TIMEOUT;
        try {
            timeout = Duration.ofSeconds(Long.parseLong(job.annotations().getOrDefault(JobSpecs.TIMEOUT, "")));
        } catch (NumberFormatException e) {
            // not created by this pool type, or by an older version: the default timeout applies
        }
        long age = job.created() == null ? 0 : Math.max(0, Duration.between(job.created(), Instant.now()).toNanos());
        JobRun run = new JobRun(taskId, timeout, job.name(), job.uid(), System.nanoTime() - age);
        if (!d.adopt(run)) {
            return null;
        }
        run.timer = schedule(run, Math.max(0, timeout.toNanos() - age));
        LOG.info("Pool {}: adopted Job {} (task {}) left by an earlier run of the pool", poolId, job.name(), taskId);
        return run;
    }

    // --- ending a Job ----------------------------------------------------------------------------------------

    /** The caller cancelled (or completed) the future: drop a waiting run, delete a running Job. */
    void abandon(JobRun run) {
        synchronized (d.lock) {
            if (d.dequeue(run) || run.killReason != null) {
                return;
            }
            if (run.state == JobRun.State.ASSIGNED || run.state == JobRun.State.CREATING) {
                run.killReason = JobRun.KillReason.CANCELLED; // the create path ends it
                return;
            }
            if (run.state != JobRun.State.RUNNING) {
                return;
            }
            run.killReason = JobRun.KillReason.CANCELLED;
            run.state = JobRun.State.FINISHING;
        }
        executor.execute(() -> terminate(run, JobRun.KillReason.CANCELLED));
    }

    private void timedOut(JobRun run) {
        synchronized (d.lock) {
            if (run.state != JobRun.State.RUNNING || run.killReason != null) {
                return;
            }
            run.killReason = JobRun.KillReason.TIMEOUT;
            run.state = JobRun.State.FINISHING;
        }
        LOG.info("Pool {}: task {} timed out after {} s; deleting Job {}", poolId, run.taskId,
                Outcomes.seconds(run.timeout), run.jobName);
        executor.execute(() -> terminate(run, JobRun.KillReason.TIMEOUT));
    }

    /** The Job ended on its own: read its logs, delete it, report. */
    private void conclude(JobRun run, KubeApi.JobState job) {
        JobOutput out = collect(run);
        TaskResult result = Outcomes.finished(run, poolId, job, out, took(run));
        delete(run);
        d.finish(run, result);
    }

    /** The pool ends the Job: keep what it logged on a timeout, delete it, report. */
    private void terminate(JobRun run, JobRun.KillReason reason) {
        JobOutput out = reason == JobRun.KillReason.TIMEOUT ? collect(run) : null;
        delete(run);
        d.finish(run, Outcomes.killed(run, poolId, reason, out, took(run)));
    }

    /** At stop, once no create is under way: every Job of the pool in one request, then the runs still holding one. */
    void deleteAll() {
        KubeApi a = api;
        if (a != null) {
            try {
                a.deleteJobs(JobSpecs.poolSelector(poolId));
            } catch (RuntimeException e) {
                LOG.warn("Pool {}: could not delete its Jobs at stop ({}); the cluster removes them after their "
                        + "active deadline and TTL", poolId, e.getMessage());
            }
        }
        for (JobRun r : d.takeRunning()) {
            d.finish(r, Outcomes.killed(r, poolId, JobRun.KillReason.STOPPED, null, took(r)));
        }
    }

    private JobOutput collect(JobRun run) {
        try {
            return JobOutput.collect(api, run.jobName, settings.get().maxOutputBytes());
        } catch (RuntimeException e) { // a result without logs beats a slot that is never released
            return new JobOutput("", false, java.util.List.of(), e.toString());
        }
    }

    private void delete(JobRun run) {
        try {
            api.deleteJob(run.jobName);
        } catch (RuntimeException e) {
            LOG.warn("Pool {}: could not delete Job {} ({}); the cluster removes it after ttl_seconds_after_finished",
                    poolId, run.jobName, e.getMessage());
        }
    }

    /** Records a result (memory) and says what became of an adopted Job. */
    void record(JobRun run, TaskResult result) {
        if (run.adopted) {
            LOG.info("Pool {}: adopted Job {} (task {}) ended: {}", poolId, run.jobName, run.taskId,
                    result.status().wireName());
        }
        try {
            ran.accept(result);
        } catch (RuntimeException e) {
            LOG.warn("Pool {}: recording task {} failed", poolId, run.taskId, e);
        }
    }

    private java.util.concurrent.ScheduledFuture<?> schedule(JobRun run, long delayNanos) {
        try {
            return scheduler.schedule(() -> timedOut(run), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null; // the pool type is shutting down; stop deletes the Job
        }
    }

    private static Duration took(JobRun run) {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - run.startNanos));
    }
}

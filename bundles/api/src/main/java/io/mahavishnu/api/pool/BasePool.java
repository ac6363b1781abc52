package io.mahavishnu.api.pool;

import io.mahavishnu.api.memory.MemoryBatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A pool of workers that runs tasks. Pool-type bundles implement it and hand instances out through their
 * {@link PoolProvider}; the manager drives the lifecycle and registers every running pool as a {@code BasePool}
 * OSGi service with the properties {@value #POOL_ID} and {@link PoolProvider#POOL_TYPE}.
 *
 * <h2>Threading and cancellation</h2>
 * All methods may be called from any thread and must not block for long: long work completes the returned
 * stage later. {@link #execute(Task)} must honour cancellation: when the caller cancels the future obtained
 * with {@code toCompletableFuture()} (or completes it any other way, e.g. with {@code orTimeout}), the pool
 * abandons the task and stops the work (removes it from its queue, kills the process tree, deletes the Job, …).
 * Timeouts are counted from the task's start, not from when it was submitted. Failures of the task itself are
 * reported as a {@link TaskResult} with status failed/timeout; an exceptional completion means the pool could not
 * even attempt the task (stopped, not started).
 */
@ConsumerType
public interface BasePool {

    /** Service property carrying the pool id of a registered pool. */
    String POOL_ID = "pool.id";

    /** @return the pool id, {@code <type>_<short random id>} */
    String id();

    /** @return the configuration the pool runs with */
    PoolConfig config();

    /** @return the current lifecycle status */
    PoolStatus status();

    /**
     * Starts the pool: spawns {@code min_workers} workers and moves to running. On failure the pool cleans up
     * what it started, moves to failed and completes exceptionally with a clear message.
     *
     * @return completes when the pool runs
     */
    CompletionStage<Void> start();

    /**
     * Runs one task on one of the pool's workers (spreading tasks over all workers, at most
     * {@code max_workers} at once).
     *
     * @param task the task
     * @return its result
     */
    CompletionStage<TaskResult> execute(Task task);

    /**
     * Runs many tasks concurrently. Returns one result for every task, keyed {@code "0".."n-1"} in task order: a
     * task the pool refused (e.g. its queue was full) or that was cancelled has a {@code failed} or
     * {@code cancelled} result, so one entry never hides the others. The default runs {@link #execute(Task)} for
     * each task; pools may override it for efficiency.
     *
     * @param tasks the tasks
     * @return results keyed by index
     */
    default CompletionStage<Map<String, TaskResult>> executeBatch(List<Task> tasks) {
        List<CompletableFuture<TaskResult>> futures = new java.util.ArrayList<>();
        for (Task t : tasks) {
            CompletableFuture<TaskResult> f;
            try {
                f = execute(t).toCompletableFuture();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            futures.add(f.handle((r, err) -> err == null ? r : refused(t, err)));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, TaskResult> out = new LinkedHashMap<>();
            for (int i = 0; i < futures.size(); i++) {
                out.put(Integer.toString(i), futures.get(i).join());
            }
            return out;
        });
    }

    private TaskResult refused(Task task, Throwable err) {
        Throwable root = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                ? err.getCause() : err;
        TaskStatus status = root instanceof java.util.concurrent.CancellationException
                ? TaskStatus.CANCELLED : TaskStatus.FAILED;
        return TaskResult.unsuccessful(task, id(), status, String.valueOf(root.getMessage()), java.time.Duration.ZERO);
    }

    /**
     * Changes the number of workers within [{@code min_workers}, {@code max_workers}]. The status is
     * {@code scaling} while it runs and returns to running (or degraded) afterwards, also on failure.
     *
     * @param targetWorkers the new number of workers
     * @return completes when done; exceptionally with {@link UnsupportedOperationException} if the pool type
     *         cannot scale, with {@link ValidationException} if the target is out of range
     */
    CompletionStage<Void> scale(int targetWorkers);

    /** @return the pool's own health check */
    CompletionStage<PoolHealth> health();

    /** @return worker figures now (see {@link PoolMetrics#ofWorkers}) */
    PoolMetrics metrics();

    /**
     * Returns memory items recorded after {@code cursor}, so a collector never sees an item twice. Cursors are
     * opaque to the caller and keep increasing across restarts of the pool (a collector may persist one).
     *
     * @param cursor the {@link MemoryBatch#nextCursor()} of the previous call, or null for the oldest retained
     * @return the items and the cursor to pass next time
     */
    default CompletionStage<MemoryBatch> collectMemory(String cursor) {
        return CompletableFuture.completedFuture(new MemoryBatch(List.of(), cursor));
    }

    /**
     * Stops the pool: running tasks end as cancelled, workers and processes are cleaned up, status stopped.
     *
     * @return completes when everything is released
     */
    CompletionStage<Void> stop();
}

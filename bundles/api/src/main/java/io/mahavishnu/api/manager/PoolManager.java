package io.mahavishnu.api.manager;

import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs pools and routes tasks to them. Pool types ({@link io.mahavishnu.api.pool.PoolProvider}) and routing
 * strategies ({@link io.mahavishnu.api.routing.RoutingStrategy}) are found at runtime. Spawned pools are
 * persistent: they survive a restart of the runtime until closed.
 *
 * <p>Errors are {@link PoolManagerException}s (unknown pool, type or strategy; no pool available) or
 * {@link io.mahavishnu.api.pool.ValidationException}s (bad input); asynchronous methods report them by
 * completing exceptionally.
 */
@ProviderType
public interface PoolManager {

    /**
     * Creates, persists and starts a pool of {@code config.poolType()}.
     *
     * @param config the configuration
     * @return the pool once running; exceptionally if the type is unknown or the pool failed to start (then it
     *         is not kept)
     */
    CompletionStage<PoolInfo> spawn(PoolConfig config);

    /**
     * Runs a task on a given pool.
     *
     * @param poolId the pool
     * @param task   the task
     * @return the pool's result; a task failure is a result with status failed, not an exception
     */
    CompletionStage<TaskResult> execute(String poolId, Task task);

    /**
     * Chooses a pool with a strategy and runs the task there. Only pools that accept tasks are candidates.
     *
     * @param task    the task
     * @param options strategy and affinity key
     * @return the result, with {@link TaskResult#route()} saying which strategy chose and why
     */
    CompletionStage<TaskResult> route(Task task, RouteOptions options);

    /**
     * Runs tasks on one pool concurrently. Cancelling the returned future cancels the tasks still running.
     *
     * @param poolId   the pool
     * @param tasks    the tasks
     * @param listener progress, may be null
     * @return one result per task keyed {@code "0".."n-1"}
     */
    CompletionStage<Map<String, TaskResult>> executeBatch(String poolId, List<Task> tasks, BatchListener listener);

    /**
     * Cancels a task sent through this manager that has not ended: a queued task is removed from its pool's
     * queue, a running one is stopped (its process tree killed). Its result is {@code cancelled}.
     *
     * @param taskId the task's id
     * @return true if the task was found and cancelled, false if it is unknown or already ended
     */
    boolean cancel(String taskId);

    /**
     * Scales a pool and persists its new size.
     *
     * @param poolId        the pool
     * @param targetWorkers the new number of workers, within [min, max]
     * @return the pool after scaling
     */
    CompletionStage<PoolInfo> scale(String poolId, int targetWorkers);

    /**
     * Memory count, status and metrics of pools.
     *
     * @param poolIds the pools; empty = all. Unknown ids are an error.
     * @return pool id → summary
     */
    CompletionStage<Map<String, PoolSummary>> aggregateResults(Collection<String> poolIds);

    /**
     * Stops a pool and forgets it (deletes its persisted configuration).
     *
     * @param poolId the pool
     * @return completes when stopped; exceptionally with {@code pool_not_found} for an unknown id
     */
    CompletionStage<Void> close(String poolId);

    /** @return closes every pool (each independently; a failure does not stop the others); count closed */
    CompletionStage<Integer> closeAll();

    /** @return every pool in spawn order */
    List<PoolInfo> list();

    /** @param poolId the pool @return the pool, if it exists */
    Optional<PoolInfo> get(String poolId);

    /** @return health built from every pool's own health check */
    CompletionStage<ManagerHealth> health();

    /** @return the strategy used when a route names none */
    String defaultStrategy();

    /**
     * Changes the default strategy and saves it in the manager's configuration (so it survives a restart, unless an
     * environment variable sets it). In-flight tasks are not affected; none is lost.
     *
     * @param name a deployed strategy
     * @throws PoolManagerException ({@code unknown_strategy}) listing the deployed ones
     */
    void setDefaultStrategy(String name);

    /** @return names of the deployed routing strategies */
    Set<String> strategies();

    /** @return names of the deployed pool types */
    Set<String> poolTypes();

    /**
     * Routing counters for monitoring. The default, for implementations that keep none, reports nothing.
     *
     * @return the counters now
     * @since 1.1
     */
    default RoutingStats routingStats() {
        return RoutingStats.EMPTY;
    }
}

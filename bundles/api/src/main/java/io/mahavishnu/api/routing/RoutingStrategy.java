package io.mahavishnu.api.routing;

import io.mahavishnu.api.pool.TaskResult;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Picks a pool for a task. Registered as a service with {@value #STRATEGY}{@code =<name>}; the manager finds
 * strategies at runtime and a strategy can be swapped while tasks are in flight.
 *
 * <p>{@link #select} is called concurrently from many threads and must be fast (no I/O, no locks held for long):
 * it runs on the routing path of every task.
 */
@ConsumerType
public interface RoutingStrategy {

    /** Service property naming the strategy, e.g. {@code least_loaded}. */
    String STRATEGY = "routing.strategy";

    /**
     * @param request    the task and routing hints
     * @param candidates pools that accept tasks now, never empty, in registration order
     * @return the choice; must name one of the candidates
     */
    RoutingDecision select(RoutingRequest request, List<? extends PoolCandidate> candidates);

    /**
     * Feedback after a routed task ended, for strategies that learn. Default: nothing.
     *
     * @param poolId the pool that ran it
     * @param result its result
     */
    default void onResult(String poolId, TaskResult result) {
    }
}

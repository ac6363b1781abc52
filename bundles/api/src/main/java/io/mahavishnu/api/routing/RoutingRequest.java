package io.mahavishnu.api.routing;

import io.mahavishnu.api.pool.Task;
import java.util.Objects;

/**
 * What a strategy is asked to place.
 *
 * @param task        the task
 * @param affinityKey for affinity routing: a pool id or any key (e.g. a session id); null if none
 */
public record RoutingRequest(Task task, String affinityKey) {

    /** Requires a task. */
    public RoutingRequest {
        Objects.requireNonNull(task, "task");
    }
}

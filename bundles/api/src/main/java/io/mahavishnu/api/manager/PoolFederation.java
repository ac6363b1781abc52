package io.mahavishnu.api.manager;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Pools of other runtimes. A federation bundle registers one as a service; the {@link PoolManager} then lists those
 * pools beside its own (with their runtime id), includes them in health, and routes tasks to them according to its
 * {@code federation_routing} setting ({@code local_only}, {@code prefer_local}, {@code global}).
 *
 * <p>{@link #delegate} must always complete: with the remote result (the same shape as a local one), or with a
 * {@code failed} result naming the runtime when it stopped answering — never wait forever. A delegated task that
 * the remote runtime never started should carry result metadata {@code attempted=false}, so the manager may send it
 * elsewhere.
 */
@ConsumerType
public interface PoolFederation {

    /** @return the runtime id of this runtime, stable across restarts */
    String runtimeId();

    /** @return pools of the other runtimes that are alive now; must be cheap (called on routing paths) */
    List<RemotePool> remotePools();

    /**
     * Sends a task to a pool of another runtime.
     *
     * @param pool the pool, one of {@link #remotePools()}
     * @param task the task
     * @return its result, with metadata {@code runtime_id} saying where it ran; cancelling it cancels the task there
     */
    CompletionStage<TaskResult> delegate(RemotePool pool, Task task);
}

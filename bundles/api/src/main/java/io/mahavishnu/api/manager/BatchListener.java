package io.mahavishnu.api.manager;

import io.mahavishnu.api.pool.TaskResult;
import org.osgi.annotation.versioning.ConsumerType;

/** Progress of a batch: called once per finished task, from a pool thread. */
@ConsumerType
@FunctionalInterface
public interface BatchListener {

    /**
     * @param key    the task's key ({@code "0".."n-1"})
     * @param result its result
     * @param done   tasks finished so far
     * @param total  tasks in the batch
     */
    void onTaskDone(String key, TaskResult result, int done, int total);
}

package io.mahavishnu.manager.internal;

import io.mahavishnu.api.pool.TaskResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** Plain-map forms (snake_case wire names) of values carried in bus payloads. */
final class Wire {

    private Wire() {
    }

    static Map<String, Object> result(TaskResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", r.taskId());
        m.put("pool_id", r.poolId());
        m.put("worker_id", r.workerId());
        m.put("status", r.status().wireName());
        m.put("output", r.output());
        m.put("error", r.error());
        m.put("duration", r.durationSeconds());
        m.put("output_truncated", r.outputTruncated());
        m.put("exit_code", r.exitCode());
        if (r.route() != null) {
            m.put("strategy", r.route().strategy());
            m.put("reason", r.route().reason());
            m.put("attempts", r.route().attempts());
        }
        return m;
    }
}

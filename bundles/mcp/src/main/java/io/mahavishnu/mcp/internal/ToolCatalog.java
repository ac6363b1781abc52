package io.mahavishnu.mcp.internal;

import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.Task;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ten pool tools: names, descriptions an agent can act on, and input schemas built from what is deployed at
 * the time (pool types and routing strategies appear as enums and change as bundles come and go).
 */
final class ToolCatalog {

    static final String SPAWN = "pool_spawn";
    static final String EXECUTE = "pool_execute";
    static final String ROUTE = "pool_route_execute";
    static final String LIST = "pool_list";
    static final String MONITOR = "pool_monitor";
    static final String SCALE = "pool_scale";
    static final String CLOSE = "pool_close";
    static final String CLOSE_ALL = "pool_close_all";
    static final String HEALTH = "pool_health";
    static final String SEARCH = "pool_search_memory";

    /** Longest accepted task timeout, in seconds. */
    static final int MAX_TIMEOUT = (int) Task.MAX_TIMEOUT.toSeconds();

    /**
     * One tool.
     *
     * @param name        tool name
     * @param title       short human title
     * @param description what it does and returns
     * @param schema      input JSON Schema
     * @param arguments   accepted argument names
     * @param readOnly    whether it changes nothing
     * @param destructive whether it may destroy pools or work
     */
    record ToolDef(String name, String title, String description, Map<String, Object> schema, Set<String> arguments,
                   boolean readOnly, boolean destructive) {
    }

    /**
     * What is deployed now.
     *
     * @param poolTypes       deployed pool types
     * @param strategies      deployed routing strategies
     * @param defaultStrategy the manager's default strategy
     */
    record Deployed(Set<String> poolTypes, Set<String> strategies, String defaultStrategy) {
    }

    private ToolCatalog() {
    }

    static List<ToolDef> tools(Deployed d) {
        return Arrays.asList(spawn(d), execute(), route(d), list(), monitor(), scale(), close(), closeAll(), health(),
                search());
    }

    static ToolDef tool(String name, Deployed d) {
        return tools(d).stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static ToolDef spawn(Deployed d) {
        Schema s = Schema.object()
                .choice("pool_type", "Pool type to create; one of the deployed types (list changes when pool-type "
                        + "bundles are deployed).", PoolConfig.DEFAULT_POOL_TYPE, d.poolTypes())
                .string("name", "Human label of the pool (1-128 characters, need not be unique).",
                        PoolConfig.DEFAULT_NAME, false)
                .integer("min_workers", "Workers started at once; lower bound for pool_scale.", 1, 0,
                        PoolConfig.MAX_WORKERS_LIMIT, false)
                .integer("max_workers", "Upper bound for pool_scale and for concurrent tasks; >= min_workers.", 10, 1,
                        PoolConfig.MAX_WORKERS_LIMIT, false)
                .string("worker_type", "Kind of worker, e.g. terminal-claude, terminal-qwen, process or noop "
                        + "(accepted values depend on the pool type).", PoolConfig.DEFAULT_WORKER_TYPE, false)
                .stringMap("extra_config", "Pool-type specific options, e.g. {\"session_buddy_url\": "
                        + "\"http://localhost:8678/mcp\"} or {\"namespace\": \"jobs\"}.")
                .bool("auto_scale", "Let the pool scale itself between min_workers and max_workers.", false)
                .bool("memory_enabled", "Collect the pool's task memory.", true);
        return new ToolDef(ToolCatalog.SPAWN, "Spawn a pool",
                "Create and start a pool of workers. Returns {pool_id, pool_type, name, status: \"created\", "
                        + "min_workers, max_workers}; use the pool_id with pool_execute, pool_scale and pool_close. "
                        + "Pools persist across restarts until closed.", s.build(), s.names(), false, false);
    }

    private static Schema taskFields(Schema s) {
        return s.integer("timeout", "Seconds the task may run, counted from its start.", 300, 1, MAX_TIMEOUT, false)
                .integer("priority", "0-9; higher runs first when the pool queues tasks.", Task.DEFAULT_PRIORITY, 0, 9,
                        false)
                .integer("deadline_seconds", "Give up if the task has not started within this many seconds.", null,
                        1, MAX_TIMEOUT, false)
                .choice("caller_kind", "Who is calling, for the per-caller-kind request quota (quota_requests in "
                        + "etc/io.mahavishnu.manager.cfg); unrecognised values count as unknown.", "unknown",
                        List.of("ultracode", "claude_code", "workflow", "cli", "unknown"))
                .string("parent_session_id", "The calling session (e.g. the agent's session id), kept with the task "
                        + "(attribute parent_session_id) for memory and tracing.", null, false)
                .stringMap("attributes", "Extra task attributes passed to the pool, e.g. {\"repo\": \"/src/app\"}.");
    }

    private static ToolDef execute() {
        Schema s = taskFields(Schema.object()
                .string("pool_id", "Pool to run on (from pool_spawn or pool_list).", null, true)
                .string("prompt", "The prompt (or input) of the task.", null, true));
        return new ToolDef(EXECUTE, "Run a task on a pool",
                "Run one task on a given pool and wait for its result {pool_id, worker_id, status: "
                        + "completed|failed|timeout|cancelled, output, error, duration (seconds)}. Sends progress "
                        + "notifications when the request carries a progress token; cancelling the request stops the "
                        + "task.", s.build(), s.names(), false, false);
    }

    private static ToolDef route(Deployed d) {
        Schema s = taskFields(Schema.object()
                .string("prompt", "The prompt (or input) of the task.", null, true)
                .choice("pool_selector", "Routing strategy; default: the runtime's default strategy ("
                        + d.defaultStrategy() + "), or affinity when pool_affinity is given.", d.defaultStrategy(),
                        d.strategies())
                .string("pool_affinity", "Affinity key for the affinity strategy: a pool id, or any key such as a "
                        + "session id; the same key goes to the same pool while it runs.", null, false));
        return new ToolDef(ROUTE, "Route a task to a pool",
                "Let a routing strategy choose a running pool and run the task there. The result is the task result "
                        + "plus route {strategy, reason, attempts}: pool_id says which pool ran it and reason why "
                        + "(e.g. affinity, or affinity_fallback_least_loaded when the affinity pool is gone).",
                s.build(), s.names(), false, false);
    }

    private static ToolDef list() {
        Schema s = Schema.object();
        return new ToolDef(LIST, "List pools", "List every pool: [{pool_id, pool_type, name, status, workers, "
                + "min_workers, max_workers, worker_type, available}] (structured content: {pools: [...]}).",
                s.build(), s.names(), true, false);
    }

    private static ToolDef monitor() {
        Schema s = Schema.object().stringList("pool_ids", "Pools to report; omit for all. Unknown ids are an error.");
        return new ToolDef(MONITOR, "Monitor pools", "Per pool: {pool_id: {memory_count, status, metrics: "
                + "{active_workers, total_workers, in_flight, queued, tasks_completed, tasks_failed, tasks_timed_out, "
                + "tasks_rejected, avg_task_duration, latency_ewma_ms, memory_usage_mb}, memory: {last_sync, sinks: {<sink>: "
                + "{pending, delivered, parked, available, breaker, last_error}}}}} (memory only with the memory "
                + "bundle).", s.build(), s.names(), true, false);
    }

    private static ToolDef scale() {
        Schema s = Schema.object()
                .string("pool_id", "Pool to scale.", null, true)
                .integer("target_workers", "New number of workers, within the pool's [min_workers, max_workers].",
                        null, 0, PoolConfig.MAX_WORKERS_LIMIT, true);
        return new ToolDef(SCALE, "Scale a pool", "Change a pool's number of workers. Returns {pool_id, "
                + "target_workers, actual_workers, status: \"scaled\"}.", s.build(), s.names(), false, false);
    }

    private static ToolDef close() {
        Schema s = Schema.object().string("pool_id", "Pool to close.", null, true);
        return new ToolDef(CLOSE, "Close a pool", "Stop a pool (its running tasks end cancelled) and forget it. "
                + "Returns {pool_id, status: \"closed\"}; an unknown pool_id is an error.", s.build(), s.names(),
                false, true);
    }

    private static ToolDef closeAll() {
        Schema s = Schema.object();
        return new ToolDef(CLOSE_ALL, "Close all pools", "Stop and forget every pool. Returns {pools_closed, status: "
                + "\"all_closed\"}.", s.build(), s.names(), false, true);
    }

    private static ToolDef health() {
        Schema s = Schema.object();
        return new ToolDef(HEALTH, "Runtime health", "Health from every pool's own check: {status: "
                + "healthy|degraded|unhealthy, pools_active, pools: [{pool_id, pool_type, status, ...}]}.",
                s.build(), s.names(), true, false);
    }

    private static ToolDef search() {
        Schema s = Schema.object()
                .string("query", "Text to look for in the pools' memory.", null, true)
                .integer("limit", "Maximum hits.", 100, 1, 1000, false)
                .stringList("pool_ids", "Only these pools; omit for all.");
        return new ToolDef(SEARCH, "Search pool memory", "Search the memory collected from pools: [{id, pool_id, "
                + "pool_type, content, metadata, timestamp}] best first (structured content: {results: [...]}). "
                + "Asks Session-Buddy (search_conversations) and answers from the local outbox while it is down; "
                + "metadata.source says which. Needs the memory bundle.", s.build(), s.names(), true, false);
    }
}

package io.mahavishnu.monitor.internal;

import io.mahavishnu.api.bus.BusStats;
import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.RoutingStats;
import io.mahavishnu.api.pool.PoolMetrics;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Builds the {@code /metrics} families at scrape time from the manager's own figures (pools, routing counters),
 * the bus's counters, the latency histograms and the event stream's counters. Nothing is sampled in between:
 * a scrape reads the live values. Names and labels are listed in docs/monitoring.md.
 */
final class MetricsCollector {

    private final PoolManager manager;
    private final Supplier<MessageBus> bus;
    private final LatencyHistograms latency;
    private final EventHub hub;

    MetricsCollector(PoolManager manager, Supplier<MessageBus> bus, LatencyHistograms latency, EventHub hub) {
        this.manager = manager;
        this.bus = bus;
        this.latency = latency;
        this.hub = hub;
    }

    MetricSnapshots collect() {
        Families f = new Families();
        Map<String, String> types = pools(f, manager.list());
        tasks(f, types);
        routing(f, manager.routingStats());
        MessageBus b = bus.get();
        if (b != null) {
            bus(f, b.stats());
        }
        stream(f);
        return MetricSnapshots.of(f.all().toArray(io.prometheus.metrics.model.snapshots.MetricSnapshot[]::new));
    }

    /** @return pool id → pool type, for the histogram labels */
    private static Map<String, String> pools(Families f, List<PoolInfo> pools) {
        Map<String, String> types = new HashMap<>();
        Map<List<String>, Integer> byTypeAndStatus = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
        Families.Gauge info = f.gauge("mahavishnu_pool_info", "A pool (value 1), with its type, name and status");
        Families.Gauge workers = f.gauge("mahavishnu_pool_workers", "Workers of the pool");
        Families.Gauge active = f.gauge("mahavishnu_pool_workers_active", "Workers busy with a task");
        Families.Gauge inFlight = f.gauge("mahavishnu_pool_tasks_in_flight", "Tasks running now");
        Families.Gauge queued = f.gauge("mahavishnu_pool_tasks_queued", "Tasks waiting for a worker");
        Families.Counter completed = f.counter("mahavishnu_pool_tasks_completed",
                "Tasks completed successfully since the pool started");
        Families.Counter failed = f.counter("mahavishnu_pool_tasks_failed",
                "Tasks that did not complete (failed, timed out or cancelled) since the pool started");
        Families.Counter timedOut = f.counter("mahavishnu_pool_tasks_timeout",
                "Tasks that timed out since the pool started (also counted as failed)");
        Families.Counter rejected = f.counter("mahavishnu_pool_tasks_rejected",
                "Tasks the pool refused without running them (e.g. its queue was full)");
        Families.Counter scaled = f.counter("mahavishnu_pool_scale_decisions",
                "Auto-scaling steps that changed the pool's size");
        Families.Gauge ewma = f.gauge("mahavishnu_pool_latency_ewma_seconds",
                "Exponentially weighted moving average of the pool's task latency");
        Map<List<String>, Integer> remote = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
        for (PoolInfo p : pools) {
            if (p.remote()) {
                // Another runtime's pool: that runtime exports its figures; counting them here would double them.
                remote.merge(List.of(p.runtimeId(), p.status().wireName()), 1, Integer::sum);
                continue;
            }
            String id = p.poolId();
            String type = p.poolType();
            String status = p.status().wireName();
            types.put(id, type);
            byTypeAndStatus.merge(List.of(type, status), 1, Integer::sum);
            info.add(1, "pool_id", id, "pool_type", type, "name", p.name(), "status", status);
            workers.add(p.workers(), "pool_id", id, "pool_type", type);
            PoolMetrics m = p.metrics();
            if (m == null) {
                continue;
            }
            active.add(m.activeWorkers(), "pool_id", id, "pool_type", type);
            inFlight.add(m.inFlight(), "pool_id", id, "pool_type", type);
            queued.add(m.queued(), "pool_id", id, "pool_type", type);
            completed.add(m.tasksCompleted(), "pool_id", id, "pool_type", type);
            failed.add(m.tasksFailed(), "pool_id", id, "pool_type", type);
            timedOut.add(m.tasksTimedOut(), "pool_id", id, "pool_type", type);
            rejected.add(m.tasksRejected(), "pool_id", id, "pool_type", type);
            scaled.add(m.scaleDecisions(), "pool_id", id, "pool_type", type);
            ewma.add(m.latencyEwmaMillis() / 1000.0, "pool_id", id, "pool_type", type);
        }
        Families.Gauge count = f.gauge("mahavishnu_pools", "Pools by type and status");
        byTypeAndStatus.forEach((k, n) -> count.add(n, "pool_type", k.get(0), "status", k.get(1)));
        count.done();
        Families.Gauge others = f.gauge("mahavishnu_remote_pools",
                "Pools of other runtimes (federation) this runtime can route to, by runtime and status");
        remote.forEach((k, n) -> others.add(n, "runtime_id", k.get(0), "status", k.get(1)));
        others.done();
        List<Runnable> done = List.of(info::done, workers::done, active::done, inFlight::done, queued::done,
                completed::done, failed::done, timedOut::done, rejected::done, scaled::done, ewma::done);
        done.forEach(Runnable::run);
        return types;
    }

    private void tasks(Families f, Map<String, String> types) {
        Families.Histogram h = f.histogram("mahavishnu_task_duration_seconds",
                "Task latency (start to end) by pool and outcome, from the task.completed events",
                latency.bounds());
        latency.snapshot().forEach((k, s) -> {
            String type = types.get(k.poolId());
            if (type != null) {
                h.add(s.counts(), s.sum(), "pool_id", k.poolId(), "pool_type", type, "status", k.status());
            }
        });
        h.done();
    }

    private void routing(Families f, RoutingStats r) {
        f.gauge("mahavishnu_routing_default_strategy", "The strategy used when a route names none (value 1)")
                .add(1, "strategy", manager.defaultStrategy()).done();
        Families.Gauge deployed = f.gauge("mahavishnu_routing_strategy_deployed", "Deployed routing strategies "
                + "(value 1)");
        manager.strategies().stream().sorted().forEach(s -> deployed.add(1, "strategy", s));
        deployed.done();
        Families.Counter decisions = f.counter("mahavishnu_routing_decisions",
                "Routing decisions by strategy and reason code (e.g. affinity_fallback_least_loaded)");
        r.decisions().forEach((strategy, reasons) -> reasons.forEach((reason, n) ->
                decisions.add(n, "strategy", strategy, "reason", reason)));
        decisions.done();
        f.counter("mahavishnu_routing_unroutable", "Routes refused before reaching any pool (no pool accepting "
                + "tasks, unknown strategy)", r.unroutable());
        f.counter("mahavishnu_routing_retries", "Retries on another pool, by whether the retry budget allowed them")
                .add(r.retriesGranted(), "outcome", "granted").add(r.retriesDenied(), "outcome", "denied").done();
        f.gauge("mahavishnu_routing_pools_ejected", "Pools ejected from routing after consecutive failures",
                r.ejectedPools().size());
        Families.Counter limited = f.counter("mahavishnu_rate_limited",
                "Task requests refused by the per-caller-kind quota");
        r.rateLimited().forEach((kind, n) -> limited.add(n, "caller_kind", kind));
        limited.done();
        f.counter("mahavishnu_manager_events_dropped", "Pool events dropped because listeners could not keep up",
                r.eventsDropped());
    }

    private static void bus(Families f, BusStats s) {
        f.gauge("mahavishnu_bus_info", "The active bus transport (value 1)").add(1, "transport",
                s.transport() == null ? "none" : s.transport()).done();
        Families.Gauge sizes = f.gauge("mahavishnu_bus_queue_size", "Messages waiting in a pool's bus queue");
        new TreeMap<>(s.queueSizes()).forEach((pool, n) -> sizes.add(n, "pool_id", pool));
        sizes.done();
        f.gauge("mahavishnu_bus_queue_capacity", "Bound of each pool's bus queue", s.maxQueueSize());
        f.counter("mahavishnu_bus_messages_published", "Messages the bus accepted", s.published());
        f.counter("mahavishnu_bus_messages_delivered", "Handler invocations that returned normally", s.delivered());
        f.counter("mahavishnu_bus_messages_rejected", "Messages refused (full queue, no transport, transport "
                + "failure)", s.rejected());
        f.counter("mahavishnu_bus_handler_errors", "Handler invocations that threw", s.handlerErrors());
        f.counter("mahavishnu_bus_messages_overflowed", "Deliveries refused because a subscriber's buffer was full",
                s.overflowed());
        f.counter("mahavishnu_bus_messages_lost", "Accepted messages a transport lost afterwards", s.lost());
    }

    private void stream(Families f) {
        Families.Counter events = f.counter("mahavishnu_monitor_events", "Pool and task events received, by type");
        hub.eventsByType().forEach((type, n) -> events.add(n, "type", type));
        events.done();
        f.counter("mahavishnu_monitor_events_missed", "Events the monitor never received (gaps in the manager's "
                + "sequence)", hub.missedEvents());
        f.gauge("mahavishnu_monitor_stream_clients", "Clients connected to the event stream", hub.clientCount());
        f.counter("mahavishnu_monitor_stream_clients_disconnected", "Event stream clients disconnected for falling "
                + "too far behind", hub.slowClientsDisconnected());
        f.counter("mahavishnu_monitor_stream_resets", "Reconnecting clients told to reload because their last "
                + "event was no longer kept", hub.resetsSent());
    }
}

package io.mahavishnu.shell.internal;

import io.mahavishnu.api.manager.ManagerHealth;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolHealth;
import io.mahavishnu.api.pool.PoolMetrics;
import io.mahavishnu.api.pool.ScaleDecision;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code pool:list}, {@code pool:info}, {@code pool:health}: what the pools are and how they do. */
@Component(service = PoolViewCommands.class, property = {
        "osgi.command.scope=" + Specs.POOL,
        "osgi.command.function=list",
        "osgi.command.function=info",
        "osgi.command.function=health"})
public class PoolViewCommands extends CommandGroup {

    private final PoolManager manager;

    /** @param manager the runtime's pool manager */
    @Activate
    public PoolViewCommands(@Reference PoolManager manager) {
        this.manager = manager;
        command(Specs.LIST, this::list);
        command(Specs.INFO, this::info);
        command(Specs.HEALTH, this::health);
    }

    private void list(Call call) {
        List<PoolInfo> pools = manager.list();
        PrintStream out = call.out();
        if (pools.isEmpty()) {
            out.println("No pools. Spawn one with pool:spawn (pool types: " + types() + ").");
            return;
        }
        // With a federation, pools of other runtimes are listed too: a runtime column says where each one runs
        boolean federated = pools.stream().anyMatch(PoolInfo::remote);
        Table t = federated
                ? Table.of("pool id", "runtime", "type", "name", "status", "workers", "min", "max", "in flight",
                        "completed", "failed").rightAlign(5, 6, 7, 8, 9, 10)
                : Table.of("pool id", "type", "name", "status", "workers", "min", "max", "in flight", "completed",
                        "failed").rightAlign(4, 5, 6, 7, 8, 9);
        for (PoolInfo p : pools) {
            PoolMetrics m = p.metrics();
            String status = Format.wire(p.status()) + (p.available() ? "" : " (type not deployed)");
            List<Object> cells = new java.util.ArrayList<>(List.of(p.poolId(), p.poolType(), p.name(), status,
                    p.workers(), p.config().minWorkers(), p.config().maxWorkers(), m == null ? 0 : m.inFlight(),
                    m == null ? 0 : m.tasksCompleted(), m == null ? 0 : m.tasksFailed()));
            if (federated) {
                cells.add(1, p.remote() ? p.runtimeId() : "local");
            }
            t.row(cells.toArray());
        }
        t.print(out);
        out.println(Format.count(pools.size(), "pool") + "; default routing strategy: " + manager.defaultStrategy());
    }

    private void info(Call call) {
        String poolId = call.args().arg(0);
        PoolInfo p = manager.get(poolId).orElseThrow(() -> PoolManagerException.poolNotFound(poolId));
        PoolConfig c = p.config();
        PrintStream out = call.out();
        out.println("Pool " + p.poolId());
        Table details = Table.details();
        if (p.remote()) {
            details.detail("Runtime", p.runtimeId() + " (another runtime of the federation; it manages the pool)");
        }
        details.detail("Type", c.poolType() + (p.available() ? "" : " (not deployed: the pool waits for it)"))
                .detail("Name", c.name())
                .detail("Status", Format.wire(p.status()))
                .detail("Workers", p.workers() + " (min " + c.minWorkers() + ", max " + c.maxWorkers() + ")")
                .detail("Worker type", c.workerType())
                .detail("Auto scale", Format.onOff(c.autoScale()))
                .detail("Memory", Format.onOff(c.memoryEnabled()))
                .detail("Extra config", Format.keyValues(c.extraConfig()))
                .print(out);
        PoolMetrics m = p.metrics();
        if (m == null) {
            return;
        }
        out.println("Metrics");
        Table.details()
                .detail("Busy workers", m.activeWorkers() + " of " + m.totalWorkers())
                .detail("In flight", m.inFlight())
                .detail("Queued", m.queued())
                .detail("Completed", m.tasksCompleted())
                .detail("Failed", m.tasksFailed() + " (" + m.tasksTimedOut() + " timed out)")
                .detail("Rejected", m.tasksRejected())
                .detail("Avg duration", Format.seconds(m.avgTaskDuration()))
                .detail("Latency EWMA", Format.millis(m.latencyEwmaMillis()))
                .detail("Memory used", m.memoryUsageMb() > 0 ? String.format(java.util.Locale.ROOT, "%.1f MB", m.memoryUsageMb()) : "unknown")
                .detail("Scale steps", m.scaleDecisions())
                .detail("Last decision", decision(m.lastScaleDecision()))
                .print(out);
    }

    private static String decision(ScaleDecision d) {
        if (d == null) {
            return "none (the pool does not scale itself)";
        }
        return d.from() + " -> " + d.to() + " workers by " + d.policy() + ": " + d.reason() + " (" + d.at() + ")";
    }

    private void health(Call call) throws InterruptedException {
        ManagerHealth h = Await.result(manager.health());
        PrintStream out = call.out();
        out.println("Pool manager: " + Format.wire(h.status()) + " (" + Format.count(h.poolsActive(), "pool") + ")");
        if (h.pools().isEmpty()) {
            return;
        }
        Table t = Table.of("pool id", "type", "health", "workers", "details").rightAlign(3);
        for (PoolHealth ph : h.pools()) {
            PoolInfo p = manager.get(ph.poolId()).orElse(null);
            t.row(ph.poolId(), ph.poolType(), Format.wire(ph.status()), p == null ? null : p.workers(),
                    details(ph.details()));
        }
        t.print(out);
    }

    private static String details(Map<String, Object> details) {
        return details.isEmpty() ? "" : Format.keyValues(details);
    }

    private String types() {
        return manager.poolTypes().isEmpty() ? "none deployed" : String.join(", ", new java.util.TreeSet<>(
                manager.poolTypes()));
    }
}

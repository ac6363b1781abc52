package io.mahavishnu.shell.internal;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.pool.PoolConfig;
import java.io.PrintStream;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code pool:spawn}, {@code pool:scale}, {@code pool:close}, {@code pool:close-all}: a pool's lifecycle. */
@Component(service = PoolCommands.class, property = {
        "osgi.command.scope=" + Specs.POOL,
        "osgi.command.function=spawn",
        "osgi.command.function=scale",
        "osgi.command.function=close",
        "osgi.command.function=close-all"})
public class PoolCommands extends CommandGroup {

    private final PoolManager manager;

    /** @param manager the runtime's pool manager */
    @Activate
    public PoolCommands(@Reference PoolManager manager) {
        this.manager = manager;
        command(Specs.SPAWN, this::spawn);
        command(Specs.SCALE, this::scale);
        command(Specs.CLOSE, this::close);
        command(Specs.CLOSE_ALL, this::closeAll);
    }

    private void spawn(Call call) throws InterruptedException {
        Args a = call.args();
        PoolConfig config = PoolConfig.builder()
                .poolType(a.value("type"))
                .name(a.value("name"))
                .minWorkers(a.integer("min"))
                .maxWorkers(a.integer("max"))
                .workerType(a.value("worker-type"))
                .extraConfig(a.keyValues("config"))
                .autoScale(a.has("auto-scale"))
                .memoryEnabled(!a.has("no-memory"))
                .build();
        PoolInfo pool = Await.result(manager.spawn(config));
        call.out().println("Spawned " + pool.poolType() + " pool " + pool.poolId());
        printSummary(call.out(), pool);
    }

    private void scale(Call call) throws InterruptedException {
        String poolId = call.args().arg(0);
        int target = call.args().integer("target");
        PoolInfo pool = Await.result(manager.scale(poolId, target));
        call.out().println("Scaled pool " + poolId + " to " + Format.count(target, "worker") + " (now "
                + pool.workers() + ", " + Format.wire(pool.status()) + "; min " + pool.config().minWorkers()
                + ", max " + pool.config().maxWorkers() + ")");
    }

    private void close(Call call) throws InterruptedException {
        String poolId = call.args().arg(0);
        Await.result(manager.close(poolId));
        call.out().println("Closed pool " + poolId);
    }

    private void closeAll(Call call) throws InterruptedException {
        List<PoolInfo> before = manager.list();
        if (before.isEmpty()) {
            call.out().println("No pools to close");
            return;
        }
        int closed = Await.result(manager.closeAll());
        call.out().println("Closed " + Format.count(closed, "pool"));
    }

    /** The lines under "Spawned ...": what the pool runs with. */
    static void printSummary(PrintStream out, PoolInfo pool) {
        PoolConfig c = pool.config();
        Table.details()
                .detail("Name", c.name())
                .detail("Status", Format.wire(pool.status()))
                .detail("Workers", pool.workers() + " (min " + c.minWorkers() + ", max " + c.maxWorkers() + ")")
                .detail("Worker type", c.workerType())
                .detail("Extra config", Format.keyValues(c.extraConfig()))
                .print(out);
    }
}

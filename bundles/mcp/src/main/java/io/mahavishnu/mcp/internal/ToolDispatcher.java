package io.mahavishnu.mcp.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs a tool call by name: checks the arguments against the tool's current definition and calls its handler.
 * Never throws and never returns a failed future: every problem becomes an error {@link Outcome}.
 */
final class ToolDispatcher {

    private final PoolTools pools;
    private final TaskTools tasks;
    private final Supplier<ToolCatalog.Deployed> deployed;

    ToolDispatcher(PoolTools pools, TaskTools tasks, Supplier<ToolCatalog.Deployed> deployed) {
        this.pools = pools;
        this.tasks = tasks;
        this.deployed = deployed;
    }

    CompletableFuture<Outcome> call(String tool, Map<String, Object> arguments, CallContext ctx) {
        String poolId = arguments != null && arguments.get("pool_id") instanceof String s ? s : null;
        try {
            ToolCatalog.ToolDef def = ToolCatalog.tools(deployed.get()).stream()
                    .filter(t -> t.name().equals(tool)).findFirst().orElse(null);
            if (def == null) {
                return done(Outcome.failed(null, "Unknown tool: " + tool));
            }
            ToolArgs a = new ToolArgs(tool, arguments, def.arguments());
            CompletableFuture<Outcome> out = switch (tool) {
                case ToolCatalog.SPAWN -> pools.spawn(a);
                case ToolCatalog.EXECUTE -> tasks.execute(a, ctx);
                case ToolCatalog.ROUTE -> tasks.route(a, ctx);
                case ToolCatalog.LIST -> done(pools.list(a));
                case ToolCatalog.MONITOR -> pools.monitor(a);
                case ToolCatalog.SCALE -> pools.scale(a);
                case ToolCatalog.CLOSE -> pools.close(a);
                case ToolCatalog.CLOSE_ALL -> pools.closeAll(a);
                case ToolCatalog.HEALTH -> pools.health(a);
                case ToolCatalog.SEARCH -> pools.search(a);
                default -> done(Outcome.failed(null, "Unknown tool: " + tool));
            };
            return out.exceptionally(e -> Outcome.failed(poolId, Failures.message(tool, e)));
        } catch (RuntimeException e) {
            return done(Outcome.failed(poolId, Failures.message(tool, e)));
        }
    }

    private static CompletableFuture<Outcome> done(Outcome o) {
        return CompletableFuture.completedFuture(o);
    }
}

package io.mahavishnu.shell.internal;

import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.trace.CallTracer;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code pool:execute} and {@code pool:route}: run one prompt on a given pool or on the pool a strategy picks.
 * Ctrl-C while waiting cancels the task (its process tree is killed by the pool).
 */
@Component(service = TaskCommands.class, property = {
        "osgi.command.scope=" + Specs.POOL,
        "osgi.command.function=execute",
        "osgi.command.function=route"})
public class TaskCommands extends CommandGroup {

    private static final String AFFINITY = "affinity";

    private final PoolManager manager;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CallTracer tracer;

    /** @param manager the runtime's pool manager */
    @Activate
    public TaskCommands(@Reference PoolManager manager) {
        this.manager = manager;
        command(Specs.EXECUTE, this::execute);
        command(Specs.ROUTE, this::route);
    }

    private void execute(Call call) throws InterruptedException {
        String poolId = call.args().arg(0);
        runTask(call, "pool:execute", poolId, task -> manager.execute(poolId, task));
    }

    private void route(Call call) throws InterruptedException {
        RouteOptions options = options(call.args());
        runTask(call, "pool:route", null, task -> manager.route(task, options));
    }

    /** Sends one task within the command's span, cancels it on Ctrl-C, and prints its result. */
    private void runTask(Call call, String command, String poolId,
                         Function<Task, CompletionStage<TaskResult>> send) throws InterruptedException {
        Tasks.inSpan(tracer, command, poolId, span -> {
            Task task = Tasks.traced(Tasks.build(call.args(), call.args().value("prompt")), span);
            TaskResult result;
            try (CtrlC ctrlC = CtrlC.cancels(call.session(), () -> manager.cancel(task.id()))) {
                result = Await.result(send.apply(task), () -> manager.cancel(task.id()));
            }
            Tasks.record(span, result);
            Tasks.print(call.out(), result);
        });
    }

    /** {@code --affinity} implies the affinity strategy; naming another strategy with it is a mistake. */
    private static RouteOptions options(Args a) {
        String selector = a.has("selector") ? a.value("selector").trim() : null;
        String key = a.has(AFFINITY) ? a.value(AFFINITY) : null;
        if (key != null) {
            if (key.isBlank()) {
                throw new CommandException("option --affinity needs a non-empty KEY (a pool id or e.g. a session id)");
            }
            if (selector != null && !selector.equals(AFFINITY)) {
                throw new CommandException("option --affinity only applies to --selector affinity (got: --selector "
                        + selector + ")");
            }
            return RouteOptions.affinity(key);
        }
        return new RouteOptions(selector, null);
    }
}

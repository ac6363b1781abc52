package io.mahavishnu.shell.internal;

import io.mahavishnu.api.manager.PoolManager;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code routing:list} and {@code routing:use}: the deployed strategies and the default one. */
@Component(service = RoutingCommands.class, property = {
        "osgi.command.scope=" + Specs.ROUTING,
        "osgi.command.function=list",
        "osgi.command.function=use"})
public class RoutingCommands extends CommandGroup {

    private final PoolManager manager;

    /** @param manager the runtime's pool manager */
    @Activate
    public RoutingCommands(@Reference PoolManager manager) {
        this.manager = manager;
        command(Specs.ROUTING_LIST, this::list);
        command(Specs.ROUTING_USE, this::use);
    }

    private void list(Call call) {
        String current = manager.defaultStrategy();
        TreeSet<String> names = new TreeSet<>(manager.strategies());
        if (names.isEmpty()) {
            call.out().println("No routing strategy is deployed; pool:route fails until one is (the default is "
                    + current + ").");
            return;
        }
        Table t = Table.of("strategy", "default");
        for (String name : names) {
            t.row(name, name.equals(current) ? "*" : "");
        }
        t.print(call.out());
        if (!names.contains(current)) {
            call.out().println("The default strategy " + current + " is not deployed: routes without --selector fail"
                    + " until it is, or until routing:use names another.");
        }
    }

    private void use(Call call) {
        String name = call.args().arg(0).trim();
        String before = manager.defaultStrategy();
        manager.setDefaultStrategy(name);
        call.out().println(before.equals(name) ? "Default routing strategy is already " + name
                : "Default routing strategy is now " + name + " (was " + before + ")");
    }
}

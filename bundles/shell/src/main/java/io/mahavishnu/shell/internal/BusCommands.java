package io.mahavishnu.shell.internal;

import io.mahavishnu.api.bus.BusStats;
import io.mahavishnu.api.bus.MessageBus;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code bus:stats}: the message bus's transport, counters, per-pool queues and subscribers. */
@Component(service = BusCommands.class, property = {
        "osgi.command.scope=" + Specs.BUS,
        "osgi.command.function=stats"})
public class BusCommands extends CommandGroup {

    private final MessageBus bus;

    /** @param bus the runtime's message bus */
    @Activate
    public BusCommands(@Reference MessageBus bus) {
        this.bus = bus;
        command(Specs.BUS_STATS, this::stats);
    }

    private void stats(Call call) {
        BusStats s = bus.stats();
        PrintStream out = call.out();
        out.println("Message bus");
        Table.details()
                .detail("Transport", s.transport())
                .detail("Max queue size", s.maxQueueSize())
                .detail("Published", s.published())
                .detail("Delivered", s.delivered())
                .detail("Rejected", s.rejected())
                .detail("Handler errors", s.handlerErrors())
                .detail("Overflowed", s.overflowed())
                .detail("Lost", s.lost())
                .print(out);
        table(out, "queue (pool id)", "waiting", s.queueSizes(), "No pool queues.");
        table(out, "message type", "subscribers", s.subscriberCounts(), "No subscribers.");
    }

    private static void table(PrintStream out, String key, String value, Map<String, Integer> entries, String none) {
        out.println();
        if (entries.isEmpty()) {
            out.println(none);
            return;
        }
        Table t = Table.of(key, value).rightAlign(1);
        new TreeMap<>(entries).forEach(t::row);
        t.print(out);
    }
}

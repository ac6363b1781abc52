package io.mahavishnu.shell.internal;

import static io.mahavishnu.shell.internal.Completion.COMMAND;
import static io.mahavishnu.shell.internal.Completion.FILE;
import static io.mahavishnu.shell.internal.Completion.NONE;
import static io.mahavishnu.shell.internal.Completion.POOL_ID;
import static io.mahavishnu.shell.internal.Completion.POOL_TYPE;
import static io.mahavishnu.shell.internal.Completion.STRATEGY;
import static io.mahavishnu.shell.internal.Completion.WORKER_TYPE;

import io.mahavishnu.api.pool.PoolConfig;
import java.util.List;
import java.util.Optional;

/**
 * Every Mahavishnu shell command with its arguments, options and defaults: the one place help, parsing and
 * completion read from. Option names and defaults of the original's eight pool commands are kept.
 */
final class Specs {

    private Specs() {
    }

    static final String POOL = "pool";
    static final String ROUTING = "routing";
    static final String BUS = "bus";
    static final String MAHAVISHNU = "mahavishnu";

    private static final OptionSpec TIMEOUT = OptionSpec.value('T', "timeout", "SECONDS", "300",
            "how long the task may run, counted from its start (1..86400)", NONE);
    private static final OptionSpec PRIORITY = OptionSpec.value((char) 0, "priority", "0-9",
            String.valueOf(io.mahavishnu.api.pool.Task.DEFAULT_PRIORITY),
            "when the pool queues, higher runs first (FIFO within a priority, with aging)", NONE);
    private static final OptionSpec DEADLINE = OptionSpec.value((char) 0, "deadline", "SECONDS", null,
            "give up with deadline_exceeded if the task has not started within SECONDS (1..86400)", NONE);
    private static final OptionSpec ATTR = OptionSpec.repeated("attr", "KEY=VALUE",
            "task attribute, e.g. repo=/src/app");
    private static final ArgSpec POOL_ID_ARG = ArgSpec.required("POOL_ID", "the pool (see pool:list)", POOL_ID);

    static final CommandSpec SPAWN = new CommandSpec(POOL, "spawn", "spawn a pool and wait until it runs", List.of(),
            List.of(OptionSpec.value('t', "type", "TYPE", PoolConfig.DEFAULT_POOL_TYPE, "pool type", POOL_TYPE),
                    OptionSpec.value('n', "name", "NAME", PoolConfig.DEFAULT_NAME, "pool name (a label)", NONE),
                    OptionSpec.value('m', "min", "N", "1", "minimum workers, started first", NONE),
                    OptionSpec.value('M', "max", "N", "10", "maximum workers (1.." + PoolConfig.MAX_WORKERS_LIMIT + ")",
                            NONE),
                    OptionSpec.value('w', "worker-type", "TYPE", PoolConfig.DEFAULT_WORKER_TYPE, "worker type",
                            WORKER_TYPE),
                    OptionSpec.repeated("config", "KEY=VALUE", "pool-type option (extra_config)"),
                    OptionSpec.flag((char) 0, "auto-scale", "let the pool scale itself between min and max"),
                    OptionSpec.flag((char) 0, "no-memory", "do not collect the pool's task memory")),
            List.of("pool:spawn --type mahavishnu --worker-type noop --min 2 --max 4",
                    "pool:spawn -t kubernetes --config namespace=ci --config container_image=python:3.13-slim"));

    static final CommandSpec LIST = new CommandSpec(POOL, "list", "list the pools with status, workers and counters",
            List.of(), List.of(), List.of());

    static final CommandSpec INFO = new CommandSpec(POOL, "info",
            "show a pool's configuration, status, workers and metrics", List.of(POOL_ID_ARG), List.of(), List.of());

    static final CommandSpec EXECUTE = new CommandSpec(POOL, "execute", "run a prompt on a given pool",
            List.of(POOL_ID_ARG),
            List.of(OptionSpec.required('p', "prompt", "TEXT", "the prompt", NONE), TIMEOUT, PRIORITY, DEADLINE, ATTR),
            List.of("pool:execute mahavishnu_1a2b3c4d --prompt \"list the files\" --timeout 60",
                    "pool:execute mahavishnu_1a2b3c4d -p \"hotfix\" --priority 9 --deadline 30"));

    static final CommandSpec ROUTE = new CommandSpec(POOL, "route",
            "let a routing strategy choose a pool and run a prompt there", List.of(),
            List.of(OptionSpec.required('p', "prompt", "TEXT", "the prompt", NONE),
                    OptionSpec.value('s', "selector", "STRATEGY", "the runtime's default, see routing:list",
                            "routing strategy", STRATEGY),
                    OptionSpec.value((char) 0, "affinity", "KEY", null,
                            "affinity key (a pool id or e.g. a session id); implies --selector affinity", POOL_ID),
                    TIMEOUT, PRIORITY, DEADLINE, ATTR),
            List.of("pool:route --prompt \"fix the build\" --selector round_robin",
                    "pool:route -p \"continue\" --affinity session-42"));

    static final CommandSpec SCALE = new CommandSpec(POOL, "scale", "scale a pool to a number of workers",
            List.of(POOL_ID_ARG),
            List.of(OptionSpec.required('t', "target", "N", "workers wanted, within the pool's min..max", NONE)),
            List.of("pool:scale mahavishnu_1a2b3c4d --target 4"));

    static final CommandSpec CLOSE = new CommandSpec(POOL, "close", "stop a pool and forget it",
            List.of(POOL_ID_ARG), List.of(), List.of());

    static final CommandSpec CLOSE_ALL = new CommandSpec(POOL, "close-all", "close every pool", List.of(),
            List.of(), List.of());

    static final CommandSpec HEALTH = new CommandSpec(POOL, "health",
            "show the health of the runtime and of each pool", List.of(), List.of(), List.of());

    static final CommandSpec BATCH = new CommandSpec(POOL, "batch",
            "run several prompts on a pool at once, showing progress (Ctrl-C cancels)",
            List.of(POOL_ID_ARG, ArgSpec.rest("PROMPT", "prompts; or use --file")),
            List.of(OptionSpec.value('f', "file", "FILE", null, "read prompts from FILE, one per line", FILE),
                    TIMEOUT, PRIORITY, DEADLINE, ATTR),
            List.of("pool:batch mahavishnu_1a2b3c4d \"lint module a\" \"lint module b\"",
                    "pool:batch mahavishnu_1a2b3c4d --file prompts.txt"));

    static final CommandSpec ROUTING_LIST = new CommandSpec(ROUTING, "list",
            "list the routing strategies; * marks the default", List.of(), List.of(), List.of());

    static final CommandSpec ROUTING_USE = new CommandSpec(ROUTING, "use",
            "make a strategy the default for routed tasks (saved: it survives a restart)",
            List.of(ArgSpec.required("NAME", "a deployed strategy (see routing:list)", STRATEGY)), List.of(),
            List.of("routing:use round_robin"));

    static final CommandSpec BUS_STATS = new CommandSpec(BUS, "stats",
            "show the message bus transport, counters, queues and subscribers", List.of(), List.of(), List.of());

    static final CommandSpec DIAG = new CommandSpec(MAHAVISHNU, "diag",
            "explain each Mahavishnu bundle or component that is not active", List.of(), List.of(), List.of());

    static final CommandSpec HELP = new CommandSpec(MAHAVISHNU, "help",
            "list the Mahavishnu commands, or show a command's options and defaults",
            List.of(ArgSpec.optional("COMMAND", "a command, e.g. pool:spawn or spawn", COMMAND)), List.of(),
            List.of("help pool:spawn"));

    /** Every command, in the order help lists them. */
    static final List<CommandSpec> ALL = List.of(SPAWN, LIST, INFO, EXECUTE, ROUTE, BATCH, SCALE, CLOSE, CLOSE_ALL,
            HEALTH, ROUTING_LIST, ROUTING_USE, BUS_STATS, DIAG, HELP);

    /**
     * @param name {@code scope:function} or just the function (the first match in {@link #ALL} wins, as the
     *             shell's SCOPE would resolve it)
     * @return the command
     */
    static Optional<CommandSpec> find(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.startsWith("*:")) {
            n = n.substring(2);
        }
        for (CommandSpec s : ALL) {
            if (s.fullName().equals(n)) {
                return Optional.of(s);
            }
        }
        for (CommandSpec s : ALL) {
            if (s.name().equals(n)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

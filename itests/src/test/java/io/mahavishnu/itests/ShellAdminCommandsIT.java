package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** routing:list, routing:use, bus:stats, help and tab completion. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellAdminCommandsIT extends ShellTestSupport {

    @Test
    public void routingListMarksTheDefaultAndUseChangesIt() throws Exception {
        String before = manager().defaultStrategy();
        try {
            assertThat(ok("routing:list")).containsPattern("^STRATEGY +DEFAULT\n")
                    .containsPattern("\nleast_loaded +\\*\n").containsPattern("\nround_robin\n")
                    .contains("affinity", "random");
            assertThat(ok("routing:use round_robin"))
                    .isEqualTo("Default routing strategy is now round_robin (was " + before + ")\n");
            assertThat(manager().defaultStrategy()).isEqualTo("round_robin");
            assertThat(ok("routing:list")).containsPattern("\nround_robin +\\*\n");
            assertThat(ok("routing:use round_robin")).isEqualTo("Default routing strategy is already round_robin\n");
            assertThat(error("routing:use fastest")).startsWith("Error: Unknown routing strategy: fastest (available: ")
                    .contains("least_loaded, random, round_robin");
            assertThat(error("routing:use")).isEqualTo("Error: routing:use needs NAME (usage: routing:use NAME)");
        } finally {
            manager().setDefaultStrategy(before);
        }
    }

    @Test
    public void busStatsShowsCountersQueuesAndSubscribers() throws Exception {
        noopPool("bus", 1, 1);
        String out = ok("bus:stats");
        assertThat(out).startsWith("Message bus\n").containsPattern("\n  Transport: +local\n")
                .containsPattern("\n  Max queue size: +\\d+\n").containsPattern("\n  Published: +[1-9]\\d*\n")
                .containsPattern("\n  Rejected: +0\n").contains("\nMESSAGE TYPE").contains("pool_created");
    }

    @Test
    public void helpListsTheCommandsAndShowsOptionsWithDefaults() throws Exception {
        String list = ok("help");
        assertThat(list).containsPattern("^COMMAND +DESCRIPTION\n")
                .containsPattern("\npool:spawn +spawn a pool and wait until it runs\n")
                .contains("pool:close-all", "routing:use", "bus:stats", "mahavishnu:diag");
        String spawn = ok("help pool:spawn");
        assertThat(spawn).startsWith("pool:spawn - spawn a pool and wait until it runs\n\nUsage: pool:spawn [OPTIONS]\n")
                .containsPattern("-t, --type=TYPE +pool type \\(default: mahavishnu\\)")
                .containsPattern("-n, --name=NAME +pool name \\(a label\\) \\(default: default\\)")
                .containsPattern("-m, --min=N +minimum workers, started first \\(default: 1\\)")
                .containsPattern("-M, --max=N +maximum workers \\(1..1000\\) \\(default: 10\\)")
                .containsPattern("-w, --worker-type=TYPE +worker type \\(default: terminal-qwen\\)")
                .containsPattern("--config=KEY=VALUE +pool-type option \\(extra_config\\); repeatable");
        assertThat(ok("help execute")).contains("Usage: pool:execute POOL_ID --prompt=TEXT [OPTIONS]",
                "the prompt (required)", "(default: 300)");
        assertThat(ok("pool:route --help")).isEqualTo(ok("help pool:route"));
        assertThat(ok("pool:close-all --help")).startsWith("pool:close-all - close every pool\n");
        assertThat(error("help nosuchcommand")).startsWith("Error: unknown command nosuchcommand");
    }

    @Test
    public void completionOffersLiveValuesForArgumentsAndOptionValues() throws Exception {
        String id = noopPool("complete", 1, 1);
        assertThat(candidates("pool:info ")).containsExactly(id);
        assertThat(candidates("pool:execute --prompt x ")).containsExactly(id);
        assertThat(candidates("pool:spawn --type ")).contains("mahavishnu");
        assertThat(candidates("pool:spawn -t mahavishnu -w ")).contains("noop", "terminal-claude", "terminal-qwen");
        assertThat(candidates("pool:route -p x -s ")).contains("least_loaded", "round_robin", "random", "affinity");
        assertThat(candidates("routing:use ")).contains("round_robin");
        assertThat(candidates("help ")).contains("pool:spawn", "spawn", "mahavishnu:diag");
        assertThat(candidates("pool:execute " + id + " --prompt ")).isEmpty();
    }

    @Test
    public void completionRegistersEveryCommandWithItsOptions() throws Exception {
        ok("mahavishnu:__completion");
        try (CommandSession session = session(new ByteArrayOutputStream())) {
            Map<String, List<?>> registry = new HashMap<>();
            session.put(".completions", registry);
            session.execute("mahavishnu:__completion");
            assertThat(registry).containsKeys("pool:spawn", "pool:list", "pool:info", "pool:execute", "pool:route",
                    "pool:batch", "pool:scale", "pool:close", "pool:close-all", "pool:health", "routing:list",
                    "routing:use", "bus:stats", "mahavishnu:diag", "mahavishnu:help");
            // Each command registers its options (long and short forms) and the live-value completer
            assertThat(completionOptions(registry.get("pool:spawn"))).contains("--type", "-t", "--name", "-n",
                    "--min", "-m", "--max", "-M", "--worker-type", "-w", "--config");
            assertThat(completionOptions(registry.get("pool:route"))).contains("--prompt", "-p", "--selector", "-s",
                    "--affinity", "--timeout", "-T");
            assertThat(registry.get("routing:use")).anySatisfy(d -> assertThat(field(d, "argument"))
                    .isEqualTo("mahavishnu:__candidates"));
        }
    }

    /** @return the option names of a command's completion entries (JLine's {@code CompletionData}) */
    @SuppressWarnings("unchecked")
    private static List<String> completionOptions(List<?> data) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        for (Object d : data) {
            Object options = field(d, "options");
            if (options != null) {
                names.addAll((List<String>) options);
            }
        }
        return names;
    }

    private static Object field(Object o, String name) {
        try {
            return o.getClass().getField(name).get(o);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("completion entry without " + name + ": " + o, e);
        }
    }

    /** What Tab offers at the end of {@code line}, as the console's completer asks for it. */
    @SuppressWarnings("unchecked")
    private List<String> candidates(String line) throws Exception {
        ok("mahavishnu:__completion");
        try (CommandSession session = session(new ByteArrayOutputStream())) {
            ParsedLine parsed = new DefaultParser().parse(line, line.length());
            session.put(".commandLine", parsed);
            return (List<String>) session.execute("mahavishnu:__candidates");
        }
    }
}

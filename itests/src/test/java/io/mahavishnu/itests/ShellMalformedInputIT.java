package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * 10 000 generated malformed command lines through the Gogo CommandProcessor, as a console or an attached client
 * sends them: each command either runs or fails with the one line {@code Error: ...} naming what was wrong — never
 * another exception, never a stack trace — and the shell and the runtime keep serving afterwards. Values reach the
 * commands through session variables, so any string (empty, control characters, huge, null) arrives unchanged.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellMalformedInputIT extends ShellTestSupport {

    private static final int INPUTS = Integer.getInteger("malformed.inputs", 10_000);

    private static final String[] COMMANDS = {"pool:spawn", "pool:execute", "pool:route", "pool:batch", "pool:scale",
        "pool:info", "pool:close", "routing:use", "help"};

    /** Options of the commands above, some misspelt, and words that look like options. */
    private static final String[] OPTIONS = {"--type", "-t", "--name", "-n", "--min", "-m", "--max", "-M",
        "--worker-type", "-w", "--config", "--auto-scale", "--no-memory", "--prompt", "-p", "--timeout", "-T",
        "--priority", "--deadline", "--attr", "--selector", "-s", "--affinity", "--file", "-f", "--target",
        "--help", "--colour", "-x", "--", "-", "--prompt=", "--max=", "--config=k", "--timeout=-5"};

    @Test
    public void everyMalformedCommandLineGetsOneClearErrorLine() throws Exception {
        String target = noopPool("fuzz-target", 1, 2);
        String strategy = manager().defaultStrategy();
        ok("pool:list"); // waits until the commands are registered
        MalformedInput gen = new MalformedInput(20261125L);
        Map<String, Integer> outcomes = new TreeMap<>();
        try {
            for (int i = 0; i < INPUTS; i++) {
                String outcome = runOne(gen, target);
                outcomes.merge(outcome, 1, Integer::sum);
            }
        } finally {
            manager().setDefaultStrategy(strategy);
        }
        System.out.println("shell malformed inputs: " + INPUTS + " command lines, outcomes " + outcomes);
        assertThat(outcomes.keySet()).allMatch(o -> o.equals("ran") || o.startsWith("error:"));
        assertThat(outcomes.entrySet().stream().filter(e -> e.getKey().startsWith("error:"))
                .mapToInt(Map.Entry::getValue).sum()).as("most generated lines are wrong").isGreaterThan(INPUTS / 2);

        // The shell and the runtime still serve.
        assertThat(ok("pool:execute " + target + " -p still-here")).endsWith("Output:\nstill-here\n");
        assertThat(ok("pool:list")).contains(target);
    }

    private String runOne(MalformedInput gen, String target) throws Exception {
        String command = COMMANDS[gen.below(COMMANDS.length)];
        List<String> words = new ArrayList<>();
        words.add(command);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CommandSession session = session(bytes)) {
            int n = gen.below(7);
            for (int w = 0; w < n; w++) {
                switch (gen.below(4)) {
                    case 0:
                        words.add(OPTIONS[gen.below(OPTIONS.length)]);
                        break;
                    case 1:
                        // The target pool stays: closing it would only test that it is gone.
                        words.add(gen.chance(50) && !command.equals("pool:close") ? target : "mahavishnu_0123456789ab");
                        break;
                    case 2:
                        words.add(String.valueOf(gen.number()));
                        break;
                    default:
                        String var = "v" + w;
                        session.put(var, gen.string());
                        words.add("$" + var);
                }
            }
            String line = String.join(" ", words);
            try {
                session.execute(line);
                return "ran";
            } catch (Exception e) {
                String shown = e.toString();
                assertThat(shown).as("'%s' failed with %s", line, e.getClass().getName()).startsWith("Error: ")
                        .doesNotContain("\n").doesNotContain("Exception");
                return "error:" + command;
            }
        }
    }
}

package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.pool.PoolConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.After;

/**
 * Runs shell commands as an admin types them, through Gogo's {@link CommandProcessor}, and checks what they print:
 * output on success, one {@code Error: ...} line (the failure's {@code toString()}, which the console prints) on
 * failure.
 */
public abstract class ShellTestSupport extends RuntimeTestSupport {

    /** Output and failure of one command line. */
    protected static final class Run {
        final String out;
        final Exception failure;

        Run(String out, Exception failure) {
            this.out = out;
            this.failure = failure;
        }
    }

    @After
    public void closeAllPools() throws Exception {
        await(manager().closeAll());
    }

    /** @return a new session, as a console opens one */
    protected CommandSession session(ByteArrayOutputStream out) throws InterruptedException {
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        CommandSession session = service(CommandProcessor.class).createSession(new ByteArrayInputStream(new byte[0]),
                print, print);
        // As etc/gosh_profile sets it: unqualified names resolve to our commands first (help is mahavishnu:help).
        session.put("SCOPE", "pool:routing:bus:mahavishnu:*");
        return session;
    }

    /** Runs a command line in a fresh session. */
    protected Run run(String line) throws Exception {
        waitForCommand(line);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CommandSession session = session(bytes)) {
            try {
                session.execute(line);
                return new Run(bytes.toString(StandardCharsets.UTF_8), null);
            } catch (Exception e) {
                return new Run(bytes.toString(StandardCharsets.UTF_8), e);
            }
        }
    }

    /** @return the output of a command that must succeed */
    protected String ok(String line) throws Exception {
        Run r = run(line);
        if (r.failure != null) {
            throw new AssertionError("'" + line + "' failed: " + r.failure + "\noutput:\n" + r.out, r.failure);
        }
        return r.out;
    }

    /** @return the one line the console shows for a command that must fail */
    protected String error(String line) throws Exception {
        Run r = run(line);
        assertThat(r.failure).as("'%s' should fail; it printed:%n%s", line, r.out).isNotNull();
        String shown = r.failure.toString();
        assertThat(shown).as("what the console shows").startsWith("Error: ").doesNotContain("\n")
                .doesNotContain("Exception");
        return shown;
    }

    /** Commands are registered by Declarative Services after the framework starts: wait for the first word. */
    private void waitForCommand(String line) throws Exception {
        String first = line.trim().split("\\s+")[0];
        if (!first.contains(":")) {
            return;
        }
        eventually(first + " is registered", () -> {
            try {
                CommandProcessor p = service(CommandProcessor.class);
                try (CommandSession s = p.createSession(new ByteArrayInputStream(new byte[0]),
                        new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))) {
                    @SuppressWarnings("unchecked")
                    java.util.Set<String> commands = (java.util.Set<String>) s.get(".commands");
                    return commands.contains(first);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** @return the id of a new local pool of in-JVM noop workers */
    protected String noopPool(String name, int min, int max) throws Exception {
        return await(manager().spawn(PoolConfig.builder().name(name).workerType("noop").minWorkers(min)
                .maxWorkers(max).build())).poolId();
    }
}

package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.Assume.assumeTrue;

import io.mahavishnu.itests.Distribution.Result;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The interactive consoles in a real pseudo-terminal (tmux), keys typed as a user types them: tab completion of
 * commands, pool ids, worker types and strategies, a command's output, Ctrl-C and Ctrl-D. Both the console attached
 * with {@code bin/mahavishnu shell} and the foreground console of {@code bin/mahavishnu}.
 */
public class ConsoleTerminalIT {

    @BeforeClass
    public static void needsTmux() {
        assumeTrue("tmux is not installed (.ci/run installs it)", Tmux.available());
    }

    @Test
    public void attachedConsoleCompletesAndRunsCommands() throws Exception {
        try (Distribution dist = Distribution.unpack("console-attached")) {
            dist.start();
            Result spawn = dist.shell("pool:spawn", "-w", "noop", "-n", "tty", "-M", "3");
            assertThat(spawn.status()).as(spawn.err()).isZero();
            String id = spawn.out().lines().findFirst().orElseThrow().substring("Spawned mahavishnu pool ".length());
            try (Tmux term = Tmux.start(dist.home, dist.home.resolve("bin/mahavishnu") + " shell")) {
                term.await("mahavishnu> ");

                term.type("pool:inf");
                term.keys("Tab");
                term.await("mahavishnu> pool:info ");
                term.keys("Tab");
                term.await("pool:info " + id);
                term.keys("Enter");
                term.await("Latency EWMA:");
                assertThat(term.screen()).contains("Pool " + id, "Worker type:   noop");

                term.type("pool:route -p hello -s round");
                term.keys("Tab");
                term.await("-s round_robin");
                term.keys("Enter");
                term.await("Route:     round_robin (round_robin)");

                term.type("pool:execute " + id + " -p wait --attr delay_ms=600000");
                term.keys("Enter");
                term.await("mahavishnu> pool:execute " + id + " -p wait --attr delay_ms=600000");
                Distribution.eventually("the task runs", () -> listShowsInFlight(dist, id));
                term.keys("C-c");
                term.await("Error: task t-");
                assertThat(term.screen()).contains("Status:    cancelled").doesNotContain("Exception");

                term.keys("C-d");
                Distribution.eventually("the attached console ends", () -> !term.alive());
            }
            assertThat(dist.mahavishnu("status").status()).as("leaving the console leaves the runtime running")
                    .isZero();
        }
    }

    @Test
    public void foregroundConsoleCompletesAndStopsWithCtrlD() throws Exception {
        try (Distribution dist = Distribution.unpack("console-foreground");
             Tmux term = Tmux.start(dist.home, dist.home.resolve("bin/mahavishnu") + " console")) {
            term.await("mahavishnu> ");
            term.type("pool:spawn -w no");
            term.keys("Tab");
            term.await("pool:spawn -w noop");
            term.keys("Enter");
            term.await("Spawned mahavishnu pool mahavishnu_");
            term.type("pool:li");
            term.keys("Tab", "Enter");
            term.await("1 pool; default routing strategy: least_loaded");
            term.keys("C-d");
            Distribution.eventually("the runtime stops", () -> !term.alive());
        }
    }

    private static boolean listShowsInFlight(Distribution dist, String id) {
        try {
            return dist.shell("pool:list").out().matches("(?s).*" + id + " +mahavishnu +tty +running +1 +1 +3 +1 .*");
        } catch (Exception e) {
            return false;
        }
    }
}

package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.pool.PoolMetrics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Job;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** pool:execute, pool:route and pool:batch, with progress, cancellation and their errors. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellTaskCommandsIT extends ShellTestSupport {

    @Test
    public void executePrintsWhereAndHowTheTaskRanAndItsOutput() throws Exception {
        String id = noopPool("exec", 1, 2);
        String out = ok("pool:execute " + id + " --prompt 'hello world' --timeout 60");
        assertThat(out).matches("(?s)Task t-[0-9a-f]+ completed\n.*")
                .containsPattern("\n  Pool: +" + id + "\n")
                .containsPattern("\n  Worker: +" + id + "-w\\d+\n")
                .containsPattern("\n  Status: +completed\n")
                .containsPattern("\n  Duration: +\\d+(ms|\\.\\ds|s)\n")
                .endsWith("Output:\nhello world\n")
                .doesNotContain("Route:");
    }

    @Test
    public void executeErrors() throws Exception {
        String id = noopPool("exec-errors", 1, 1);
        assertThat(error("pool:execute nope -p hi")).isEqualTo("Error: Pool not found: nope (list pools to see the ids)");
        assertThat(error("pool:execute " + id)).isEqualTo("Error: pool:execute needs --prompt=TEXT"
                + " (usage: pool:execute POOL_ID --prompt=TEXT [OPTIONS])");
        assertThat(error("pool:execute " + id + " -p hi -T 0"))
                .isEqualTo("Error: timeout must be between 1 and 86400 seconds (got: 0)");
        assertThat(error("pool:execute " + id + " -p hi --attr novalue"))
                .isEqualTo("Error: option --attr must be KEY=VALUE (got: 'novalue')");
        Run failed = run("pool:execute " + id + " -p hi --attr fail=boom");
        assertThat(failed.out).containsPattern("\n  Status: +failed\n").containsPattern("\n  Error: +boom\n");
        assertThat(failed.failure.toString()).matches("Error: task t-[0-9a-f]+ failed: boom");
    }

    /** A task queued behind a busy worker past its --deadline is not run; bad priorities and deadlines are named. */
    @Test
    public void priorityAndDeadlineOptions() throws Exception {
        String id = noopPool("deadline", 1, 1);
        assertThat(ok("pool:execute " + id + " -p urgent --priority 9 --deadline 60")).endsWith("Output:\nurgent\n");
        CompletableFuture<Run> blocker = CompletableFuture.supplyAsync(() -> {
            try {
                return run("pool:execute " + id + " -p block --attr delay_ms=3000");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        eventually("the worker is busy", () -> metrics(id).inFlight() >= 1);
        Run late = run("pool:route -p late --affinity " + id + " --priority 0 --deadline 1");
        assertThat(late.out).containsPattern("\n  Status: +failed\n").containsPattern("\n  Error: +deadline_exceeded");
        assertThat(late.failure.toString()).matches("Error: task t-[0-9a-f]+ failed: deadline_exceeded.*");
        assertThat(blocker.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).out).endsWith("Output:\nblock\n");

        assertThat(error("pool:execute " + id + " -p x --priority 10"))
                .isEqualTo("Error: priority must be between 0 and 9 (got: 10)");
        assertThat(error("pool:batch " + id + " a --priority soon"))
                .isEqualTo("Error: option --priority must be a whole number (got: 'soon')");
        assertThat(error("pool:execute " + id + " -p x --deadline 100000"))
                .isEqualTo("Error: option --deadline must be between 1 and 86400 seconds (got: 100000)");
    }

    @Test
    public void routeShowsTheStrategyAndWhyItChose() throws Exception {
        assertThat(error("pool:route -p hi")).isEqualTo("Error: No pools available for routing (spawn a pool first)");
        String a = noopPool("ra", 1, 1);
        String b = noopPool("rb", 1, 1);
        String out = ok("pool:route -p hi");
        assertThat(out).containsPattern("\n  Route: +least_loaded \\(least_loaded\\)\n").endsWith("Output:\nhi\n");
        String rr1 = ok("pool:route -p x --selector round_robin");
        String rr2 = ok("pool:route -p x -s round_robin");
        assertThat(List.of(poolOf(rr1), poolOf(rr2))).containsExactlyInAnyOrder(a, b);
        assertThat(ok("pool:route -p sticky --affinity " + b)).containsPattern("\n  Pool: +" + b + "\n")
                .containsPattern("\n  Route: +affinity \\(affinity\\)\n");
        assertThat(error("pool:route -p x -s nope")).startsWith("Error: Unknown routing strategy: nope (available: ")
                .contains("round_robin");
        assertThat(error("pool:route -p x -s random --affinity k"))
                .isEqualTo("Error: option --affinity only applies to --selector affinity (got: --selector random)");
    }

    private static String poolOf(String out) {
        return out.lines().filter(l -> l.startsWith("  Pool:")).findFirst().orElseThrow().substring(7).trim();
    }

    @Test
    public void batchShowsProgressThenASummaryKeyedByIndex() throws Exception {
        String id = noopPool("batch", 2, 2);
        String out = ok("pool:batch " + id + " one two three");
        assertThat(out).startsWith("Running 3 tasks on pool " + id + " (Ctrl-C cancels)\n")
                .containsPattern("\\[1/3\\] #\\d completed in \\S+ on " + id + "-w\\d")
                .containsPattern("\\[3/3\\] #\\d completed")
                .containsPattern("\nKEY +STATUS +WORKER +DURATION +OUTPUT / ERROR\n0 +completed +\\S+ +\\S+ +one\n"
                        + "1 +completed +\\S+ +\\S+ +two\n2 +completed +\\S+ +\\S+ +three\n")
                .containsPattern("3 tasks: 3 completed in \\S+\n$");

        Path file = Paths.get(System.getProperty("mahavishnu.workdir"), "prompts-" + System.nanoTime() + ".txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "first\n\nsecond\n");
        assertThat(ok("pool:batch " + id + " --file " + file)).containsPattern("\n0 +completed .* first\n")
                .containsPattern("\n1 +completed .* second\n").contains("2 tasks: 2 completed");

        Run failing = run("pool:batch " + id + " ok bad --attr fail=no");
        assertThat(failing.failure.toString()).isEqualTo("Error: 2 of 2 tasks did not complete");
        assertThat(failing.out).containsPattern("\n0 +failed .* no\n");
    }

    @Test
    public void batchErrors() throws Exception {
        String id = noopPool("batch-errors", 1, 1);
        assertThat(error("pool:batch " + id)).isEqualTo("Error: pool:batch needs prompts: give them as arguments or"
                + " with --file FILE");
        assertThat(error("pool:batch " + id + " a --file x.txt"))
                .isEqualTo("Error: give prompts as arguments or with --file, not both (got: --file and 'a')");
        assertThat(error("pool:batch " + id + " --file /no/such/prompts.txt"))
                .isEqualTo("Error: prompts file not found: /no/such/prompts.txt");
        assertThat(error("pool:batch nope a b")).isEqualTo("Error: Pool not found: nope (list pools to see the ids)");
    }

    /** Ctrl-C in a console interrupts the command's job: the batch is cancelled and so are its running tasks. */
    @Test
    public void interruptingABatchCancelsItsRunningTasks() throws Exception {
        String id = noopPool("cancel", 2, 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CommandSession session = session(bytes)) {
            CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return session.execute("pool:batch " + id + " a b c --attr delay_ms=600000");
                } catch (Exception e) {
                    return e;
                }
            });
            eventually("the tasks run", () -> metrics(id).inFlight() >= 2);
            Job job = session.foregroundJob();
            assertThat(job).isNotNull();
            job.interrupt();
            running.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            eventually("the tasks are cancelled", () -> metrics(id).inFlight() == 0);
            eventually("the command reports it", () -> bytes.toString(StandardCharsets.UTF_8).contains("Cancelled: "));
        }
        assertThat(metrics(id).tasksFailed()).isEqualTo(3);
    }

    private PoolMetrics metrics(String id) {
        try {
            return manager().get(id).orElseThrow().metrics();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}

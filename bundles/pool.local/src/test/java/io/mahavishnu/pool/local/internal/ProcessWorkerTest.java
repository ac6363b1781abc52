package io.mahavishnu.pool.local.internal;

import static io.mahavishnu.pool.local.internal.TestPools.join;
import static io.mahavishnu.pool.local.internal.TestPools.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Worker type process, with real subprocesses. */
class ProcessWorkerTest {

    private static final String ALLOWED = "sh, sleep head tr";

    private TestPools pools;
    private LocalPool pool;

    @BeforeEach
    void setUp() {
        pools = new TestPools(LocalPoolSettings.DEFAULTS.withAllowlist(ALLOWED).withMaxOutputBytes(1024)
                .withKillGrace(Duration.ofMillis(300)));
        pool = pools.start("process", 1, 2);
    }

    @AfterEach
    void tearDown() {
        pools.close();
    }

    private static Task sh(String script) {
        return Task.builder().command("sh", "-c", script).build();
    }

    @Test
    void runsTheCommandWithThePromptOnStdin() {
        TaskResult r = run(pool, Task.builder().command("sh", "-c", "read line; echo \"got:$line\"")
                .prompt("hello world").build());

        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(r.output()).isEqualTo("got:hello world\n");
        assertThat(r.exitCode()).isZero();
        assertThat(r.error()).isNull();
        assertThat(r.workerId()).startsWith(pool.id() + "-w");
    }

    @Test
    void stderrOfASuccessfulCommandIsReportedAsError() {
        TaskResult r = run(pool, sh("echo out; echo warning >&2"));

        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(r.output()).isEqualTo("out\n");
        assertThat(r.error()).isEqualTo("warning");
    }

    @Test
    void nonZeroExitFailsWithStderrOrTheExitCode() {
        TaskResult withStderr = run(pool, sh("echo oops >&2; exit 3"));
        assertThat(withStderr.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(withStderr.exitCode()).isEqualTo(3);
        assertThat(withStderr.error()).isEqualTo("oops");

        TaskResult silent = run(pool, sh("exit 4"));
        assertThat(silent.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(silent.exitCode()).isEqualTo(4);
        assertThat(silent.error()).isEqualTo("Command failed with exit code 4");
    }

    @Test
    void commandsOutsideTheAllowlistAreRefused() {
        TaskResult r = run(pool, Task.builder().command("rm", "-rf", "/tmp/never").build());

        assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(r.error()).isEqualTo("executable 'rm' is not in command_allowlist (allowed: sh, sleep, head, tr); "
                + "add it in etc/io.mahavishnu.pool.local.cfg");
        assertThat(r.exitCode()).isNull();
    }

    @Test
    void absolutePathOfAnAllowedNameIsAllowed() {
        String shPath = Executables.find("sh").orElseThrow().toString();

        TaskResult r = run(pool, Task.builder().command(shPath, "-c", "echo abs").build());

        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(r.output()).isEqualTo("abs\n");
    }

    @Test
    void taskWithoutCommandFails() {
        TaskResult r = run(pool, Task.ofPrompt("just a prompt"));

        assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(r.error()).isEqualTo("worker_type process needs a task command (argv list)");
    }

    @Test
    void outputIsCappedAndFlaggedWhileTheRestIsDrained() {
        TaskResult r = run(pool, sh("head -c 200000 /dev/zero | tr '\\000' a; echo done >&2"));

        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(r.outputTruncated()).isTrue();
        assertThat(r.output()).hasSize(1024).matches("a+");
        assertThat(r.error()).isEqualTo("done");
    }

    @Test
    void timeoutKillsTheWholeProcessTree() {
        String script = "sleep 300 & sleep 301; wait";
        CompletableFuture<TaskResult> f = pool.execute(Task.builder().command("sh", "-c", script).timeoutSeconds(1)
                .build()).toCompletableFuture();
        List<ProcessHandle> tree = captureTree(script, 2);

        TaskResult r = join(f);

        assertThat(r.status()).isEqualTo(TaskStatus.TIMEOUT);
        assertThat(r.error()).isEqualTo("Task timed out after 1 s");
        assertAllGone(tree);
    }

    @Test
    void cancellingARunningTaskKillsItsProcessesEvenIfTheyIgnoreSigterm() {
        String script = "trap '' TERM; sleep 302 & sleep 303; wait";
        CompletableFuture<TaskResult> f = pool.execute(sh(script)).toCompletableFuture();
        List<ProcessHandle> tree = captureTree(script, 2);

        f.cancel(true);

        assertAllGone(tree);
        // The slot is free again only after the processes are gone; a second task still gets a worker.
        TaskResult next = run(pool, sh("echo next"));
        assertThat(next.output()).isEqualTo("next\n");
    }

    @Test
    void stopKillsRunningProcesses() {
        String script = "sleep 304; echo never";
        CompletableFuture<TaskResult> f = pool.execute(sh(script)).toCompletableFuture();
        List<ProcessHandle> tree = captureTree(script, 1);

        join(pool.stop().toCompletableFuture());

        TaskResult r = join(f);
        assertThat(r.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(r.error()).isEqualTo("pool stopped");
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    /**
     * Finds the {@code sh -c script} child of this JVM and its descendants once it has spawned them.
     * There is no event for a process appearing, so this checks every few milliseconds.
     */
    private static List<ProcessHandle> captureTree(String script, int descendants) {
        List<ProcessHandle> tree = new ArrayList<>();
        TestPools.awaitCondition("the task's processes", () -> {
            Optional<ProcessHandle> sh = ProcessHandle.current().children()
                    .filter(p -> p.info().arguments().map(a -> List.of(a).contains(script)).orElse(false))
                    .findFirst();
            if (sh.isEmpty()) {
                return false;
            }
            List<ProcessHandle> below = sh.get().descendants().collect(Collectors.toList());
            if (below.size() < descendants) {
                return false;
            }
            tree.clear();
            tree.add(sh.get());
            tree.addAll(below);
            return true;
        }, Duration.ofSeconds(TestPools.WAIT_SECONDS));
        return tree;
    }

    private static void assertAllGone(List<ProcessHandle> tree) {
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(TestPools.WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("process " + h.pid() + " is still alive", e);
            }
        }
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }
}

package io.mahavishnu.pool.local.internal;

import static io.mahavishnu.pool.local.internal.TestPools.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Worker types terminal-claude / terminal-qwen against fake command lines written by the test. */
class CliWorkerTest {

    @TempDir
    static Path dir;
    private static Path original;
    private static Path claudeResult;
    private static Path claudeError;
    private static Path crashing;
    private static Path echoArgs;

    private TestPools pools;

    @BeforeAll
    static void writeFakeClis() throws IOException {
        // The original's format; echoes stdin and the working directory.
        original = script("original", "read -r p",
                "printf '{\"type\":\"system\"}\\n'",
                "printf '{\"content\":\"stdin=%s\"}\\n' \"$p\"",
                "printf '{\"content\":\"cwd=%s\"}\\n' \"$(pwd)\"",
                "printf '{\"content\":[{\"text\":\"part1\"},{\"text\":\"part2\"}]}\\n'",
                "echo 'plain text line'",
                "echo",
                "printf '{\"done\":true}\\n'");
        // Claude Code's stream-json.
        claudeResult = script("claude-ok", "cat >/dev/null",
                "printf '{\"type\":\"system\",\"subtype\":\"init\"}\\n'",
                "printf '{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"thinking\"}]}}\\n'",
                "printf '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"final answer\"}\\n'");
        claudeError = script("claude-err", "cat >/dev/null",
                "printf '{\"type\":\"result\",\"subtype\":\"error_during_execution\",\"is_error\":true,"
                        + "\"result\":\"quota exhausted\"}\\n'");
        crashing = script("crash", "cat >/dev/null", "echo boom >&2", "exit 2");
        // Reports how many arguments it got, the second one, and whether stdin had anything.
        echoArgs = script("args", "if read -r p || [ -n \"$p\" ]; then s=\"$p\"; else s=none; fi",
                "printf '{\"content\":\"argc=%s\"}\\n' \"$#\"",
                "printf '{\"content\":\"arg2=%s\"}\\n' \"$2\"",
                "printf '{\"content\":\"stdin=%s\"}\\n' \"$s\"",
                "printf '{\"finish_reason\":\"stop\"}\\n'");
    }

    private static Path script(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @AfterEach
    void tearDown() {
        if (pools != null) {
            pools.close();
        }
    }

    private LocalPool claudePool(Path command, String args) {
        pools = new TestPools(LocalPoolSettings.DEFAULTS.withClaude(command.toString(), args));
        return pools.start("terminal-claude", 1, 1);
    }

    @Test
    void parsesTheOriginalStreamJsonAndSendsThePromptOnStdin() throws IOException {
        LocalPool pool = claudePool(original, "-p --output-format stream-json");
        Path repo = Files.createDirectories(dir.resolve("repo"));

        TaskResult r = run(pool, Task.builder().prompt("fix it").attribute(Task.ATTR_REPO, repo.toString()).build());

        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(r.output()).isEqualTo(String.join("\n", "stdin=Working in " + repo + ". fix it",
                "cwd=" + repo.toRealPath(), "part1", "part2", "plain text line"));
        assertThat(r.metadata()).containsEntry("ai_type", "claude").containsEntry("output_lines", 5)
                .containsEntry("completion_seen", true);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void claudeResultBecomesTheOutput() {
        LocalPool pool = claudePool(claudeResult, "-p --output-format stream-json --verbose");

        TaskResult r = run(pool, Task.ofPrompt("question"));

        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(r.output()).isEqualTo("final answer");
        assertThat(r.metadata()).containsEntry("completion_seen", true);
    }

    @Test
    void aCommandThatSaysItIsDoneButDoesNotExitIsEndedAndItsTaskCompleted() throws Exception {
        Path lingering = script("lingering", "cat >/dev/null",
                "printf '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"done\"}\\n'",
                "exec sleep 600");
        java.util.concurrent.ScheduledThreadPoolExecutor scheduler = new java.util.concurrent.ScheduledThreadPoolExecutor(2);
        try {
            CliRunner runner = new CliRunner(new ProcessRunner(java.util.concurrent.Executors.newCachedThreadPool(),
                    scheduler), "claude", java.time.Duration.ofMillis(300));
            Runner.Outcome o = runner.start(Task.ofPrompt("q"), "w-1",
                    LocalPoolSettings.DEFAULTS.withClaude(lingering.toString(), "-p"))
                    .completion().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(o.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(o.output()).isEqualTo("done");
            assertThat(o.metadata()).containsEntry("ended_after_completion", true)
                    .containsEntry("completion_seen", true);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void claudeErrorResultFailsTheTask() {
        LocalPool pool = claudePool(claudeError, "-p");

        TaskResult r = run(pool, Task.ofPrompt("question"));

        assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(r.error()).isEqualTo("quota exhausted");
    }

    @Test
    void nonZeroExitWithoutResultFailsWithStderr() {
        LocalPool pool = claudePool(crashing, "-p");

        TaskResult r = run(pool, Task.ofPrompt("question"));

        assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(r.error()).isEqualTo("boom");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.metadata()).containsEntry("completion_seen", false);
    }

    @Test
    void promptTokenPassesThePromptAsOneArgumentAndNothingOnStdin() {
        LocalPool pool = claudePool(echoArgs, "-p {prompt} --output-format stream-json");

        TaskResult r = run(pool, Task.ofPrompt("two words; $(not a shell) 'quoted' *"));

        assertThat(r.output()).isEqualTo(String.join("\n", "argc=4",
                "arg2=two words; $(not a shell) 'quoted' *", "stdin=none"));
        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void withoutPromptTokenThePromptGoesToStdin() {
        LocalPool pool = claudePool(echoArgs, "-p --verbose");

        TaskResult r = run(pool, Task.ofPrompt("on stdin"));

        assertThat(r.output()).isEqualTo(String.join("\n", "argc=2", "arg2=--verbose", "stdin=on stdin"));
    }

    @Test
    void missingCommandFailsStartNamingTheExecutableAndTheSetting() {
        pools = new TestPools(LocalPoolSettings.DEFAULTS.withClaude("mahavishnu-no-such-cli", "-p"));
        LocalPool pool = pools.create("terminal-claude", 1, 1);

        assertThatThrownBy(() -> pool.start().toCompletableFuture().join())
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("worker_type terminal-claude needs the executable 'mahavishnu-no-such-cli', "
                        + "which was not found on PATH; install it or set claude_command in "
                        + "etc/io.mahavishnu.pool.local.cfg");
        assertThat(pool.status()).isEqualTo(PoolStatus.FAILED);
    }

    @Test
    void missingDefaultQwenFailsStart() {
        pools = new TestPools(LocalPoolSettings.DEFAULTS);
        LocalPool pool = pools.create("terminal-qwen", 1, 1);
        org.junit.jupiter.api.Assumptions.assumeTrue(Executables.find("qwen").isEmpty());

        assertThatThrownBy(() -> pool.start().toCompletableFuture().join())
                .hasMessageContaining("needs the executable 'qwen'").hasMessageContaining("set qwen_command in");
    }
}

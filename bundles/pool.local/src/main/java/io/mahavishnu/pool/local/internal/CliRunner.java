package io.mahavishnu.pool.local.internal;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Worker types {@code terminal-claude} and {@code terminal-qwen}: runs the configured AI command line once per
 * task, non-interactively, and reads its stream-json output ({@link StreamJsonParser}). The prompt (prefixed with
 * "Working in &lt;repo&gt;. " when the task names a repo) is one argument where the arguments hold
 * {@value LocalPoolSettings#PROMPT_TOKEN}, else it is written to stdin. The repo, if it is an existing directory,
 * is the working directory.
 *
 * <p>The task completes when the command exits with 0; it fails when the command exits otherwise or reports an
 * error ({@code is_error}). A command that prints a completion marker (the original Mahavishnu's rule:
 * {@code finish_reason}, {@code done}, type {@code done}/{@code completion}/{@code result}, status
 * {@code completed}) but does not exit is ended {@link #EXIT_AFTER_COMPLETION} later (by default) and its task
 * counts as completed.
 */
final class CliRunner implements Runner {

    /** How long a command may run on after it printed a completion marker before it is ended. */
    static final Duration EXIT_AFTER_COMPLETION = Duration.ofSeconds(10);

    private final ProcessRunner processes;
    private final String aiType;
    private final Duration exitAfterCompletion;

    /**
     * @param processes spawns the command
     * @param aiType    {@code claude} or {@code qwen}
     */
    CliRunner(ProcessRunner processes, String aiType) {
        this(processes, aiType, EXIT_AFTER_COMPLETION);
    }

    CliRunner(ProcessRunner processes, String aiType, Duration exitAfterCompletion) {
        this.processes = processes;
        this.aiType = aiType;
        this.exitAfterCompletion = exitAfterCompletion;
    }

    @Override
    public String preflight(LocalPoolSettings settings) {
        String command = command(settings);
        return Executables.find(command).isPresent() ? null : missing(command);
    }

    @Override
    public Execution start(Task task, String workerId, LocalPoolSettings settings) {
        String command = command(settings);
        Optional<Path> exe = Executables.find(command);
        if (exe.isEmpty()) {
            return Execution.done(Outcome.failed(missing(command)));
        }
        String repo = task.attributes().get(Task.ATTR_REPO);
        String prompt = repo == null || repo.isBlank() ? task.prompt() : "Working in " + repo + ". " + task.prompt();
        List<String> argv = new ArrayList<>();
        argv.add(exe.get().toString());
        boolean promptInArgs = false;
        for (String arg : "claude".equals(aiType) ? settings.claudeArgs() : settings.qwenArgs()) {
            if (arg.contains(LocalPoolSettings.PROMPT_TOKEN)) {
                arg = arg.replace(LocalPoolSettings.PROMPT_TOKEN, prompt);
                promptInArgs = true;
            }
            argv.add(arg);
        }
        StreamJsonParser parser = new StreamJsonParser(settings.maxOutputBytes());
        AtomicReference<ProcessRunner.Handle> started = new AtomicReference<>();
        AtomicBoolean endedByUs = new AtomicBoolean();
        boolean[] marked = new boolean[1]; // guarded by the sink's lock, under which lines are parsed
        LineSink lines = new LineSink(Math.max(1 << 20, 2 * settings.maxOutputBytes()), line -> {
            parser.accept(line);
            if (parser.completionSeen() && !marked[0]) {
                marked[0] = true;
                endAfterCompletion(started, endedByUs);
            }
        });
        ProcessRunner.Handle h = processes.start(argv, ProcessRunner.directory(repo), promptInArgs ? null : prompt,
                lines, settings.killGrace());
        started.set(h);
        return Execution.of(h.completion().thenApply(o -> outcome(o, parser, lines, endedByUs.get())), h::kill);
    }

    /**
     * The command said it is done (a completion marker, the original's rule) but may not exit by itself, as an
     * interactive CLI would not: it gets {@code exitAfterCompletion} to exit, then it is ended and the task counts as
     * completed.
     */
    private void endAfterCompletion(AtomicReference<ProcessRunner.Handle> started, AtomicBoolean endedByUs) {
        CompletableFuture.delayedExecutor(exitAfterCompletion.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            ProcessRunner.Handle h = started.get();
            if (h != null && !h.completion().isDone()) {
                endedByUs.set(true);
                h.kill();
            }
        });
    }

    private Outcome outcome(ProcessRunner.Outcome o, StreamJsonParser parser, LineSink lines, boolean endedByUs) {
        if (o.startError() != null) {
            return Outcome.failed(o.startError());
        }
        String output;
        synchronized (lines) { // the parser is fed under the sink's lock; a late reader may still be running
            output = parser.output();
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("ai_type", aiType);
            meta.put("output_lines", parser.outputLines());
            meta.put("completion_seen", parser.completionSeen());
            boolean truncated = parser.truncated() || lines.truncated();
            if (parser.error() != null) {
                return new Outcome(TaskStatus.FAILED, output, parser.error(), truncated, o.exitCode(), meta);
            }
            if (o.exitCode() == 0) {
                return new Outcome(TaskStatus.COMPLETED, output, null, truncated, 0, meta);
            }
            if (endedByUs && parser.completionSeen()) {
                meta.put("ended_after_completion", true);
                return new Outcome(TaskStatus.COMPLETED, output, null, truncated, o.exitCode(), meta);
            }
            String stderr = o.stderrTail().strip();
            return new Outcome(TaskStatus.FAILED, output, stderr.isEmpty() ? "exit code " + o.exitCode() : stderr,
                    truncated, o.exitCode(), meta);
        }
    }

    private String command(LocalPoolSettings settings) {
        return "claude".equals(aiType) ? settings.claudeCommand() : settings.qwenCommand();
    }

    private String missing(String command) {
        return "worker_type terminal-" + aiType + " needs the executable '" + command + "', which "
                + (Executables.isName(command) ? "was not found on PATH" : "does not exist or is not executable")
                + "; install it or set " + aiType + "_command in " + LocalPoolProvider.CFG_FILE;
    }
}

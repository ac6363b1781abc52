package io.mahavishnu.pool.local.internal;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Worker types {@code terminal-claude} and {@code terminal-qwen}: runs the configured AI command line once per
 * task, non-interactively, and reads its stream-json output ({@link StreamJsonParser}). The prompt (prefixed with
 * "Working in &lt;repo&gt;. " when the task names a repo) is one argument where the arguments hold
 * {@value LocalPoolSettings#PROMPT_TOKEN}, else it is written to stdin. The repo, if it is an existing directory,
 * is the working directory.
 */
final class CliRunner implements Runner {

    private final ProcessRunner processes;
    private final String aiType;

    /**
     * @param processes spawns the command
     * @param aiType    {@code claude} or {@code qwen}
     */
    CliRunner(ProcessRunner processes, String aiType) {
        this.processes = processes;
        this.aiType = aiType;
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
        LineSink lines = new LineSink(Math.max(1 << 20, 2 * settings.maxOutputBytes()), parser::accept);
        ProcessRunner.Handle h = processes.start(argv, ProcessRunner.directory(repo), promptInArgs ? null : prompt,
                lines, settings.killGrace());
        return Execution.of(h.completion().thenApply(o -> outcome(o, parser, lines)), h::kill);
    }

    private Outcome outcome(ProcessRunner.Outcome o, StreamJsonParser parser, LineSink lines) {
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

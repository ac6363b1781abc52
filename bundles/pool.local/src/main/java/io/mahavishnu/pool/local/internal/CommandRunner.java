package io.mahavishnu.pool.local.internal;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker type {@code process}: runs the task's argv (never through a shell) if its executable is on the
 * allowlist. The prompt, if any, goes to stdin. Exit 0 is completed (stderr, if any, becomes the error text, as in
 * the original); any other exit is failed with the stderr tail or "Command failed with exit code N".
 */
final class CommandRunner implements Runner {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

    private final ProcessRunner processes;

    CommandRunner(ProcessRunner processes) {
        this.processes = processes;
    }

    /** Starts anyway with an empty allowlist (it may be set later), but says so once per pool start. */
    @Override
    public String preflight(LocalPoolSettings settings) {
        if (settings.allowlist().entries().isEmpty()) {
            LOG.warn("command_allowlist is empty: every task of worker_type process will be refused until "
                    + "executables are added in {}", LocalPoolProvider.CFG_FILE);
        }
        return null;
    }

    @Override
    public Execution start(Task task, String workerId, LocalPoolSettings settings) {
        if (task.command().isEmpty()) {
            return Execution.done(Outcome.failed("worker_type process needs a task command (argv list)"));
        }
        CommandAllowlist.Resolution r = settings.allowlist().resolve(task.command().get(0));
        if (!r.allowed()) {
            return Execution.done(Outcome.failed(r.error()));
        }
        List<String> argv = new ArrayList<>(task.command());
        argv.set(0, r.executable().toString()); // run exactly the file that was checked
        OutputBuffer out = OutputBuffer.head(settings.maxOutputBytes());
        ProcessRunner.Handle h = processes.start(argv, ProcessRunner.directory(task.attributes().get(Task.ATTR_REPO)),
                task.prompt(), out, settings.killGrace());
        return Execution.of(h.completion().thenApply(o -> outcome(task, o, out)), h::kill);
    }

    private static Outcome outcome(Task task, ProcessRunner.Outcome o, OutputBuffer out) {
        if (o.startError() != null) {
            return Outcome.failed(o.startError());
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("command", task.command());
        String stderr = o.stderrTail().strip();
        String error = stderr.isEmpty() ? null : stderr;
        if (o.exitCode() == 0) {
            return new Outcome(TaskStatus.COMPLETED, out.text(), error, out.truncated(), 0, meta);
        }
        return new Outcome(TaskStatus.FAILED, out.text(),
                error != null ? error : "Command failed with exit code " + o.exitCode(), out.truncated(),
                o.exitCode(), meta);
    }
}

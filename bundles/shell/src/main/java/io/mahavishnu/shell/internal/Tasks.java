package io.mahavishnu.shell.internal;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.trace.CallSpan;
import io.mahavishnu.api.trace.CallTracer;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds tasks from the common options ({@code --timeout}, {@code --priority}, {@code --deadline}, {@code --attr})
 * and prints a task's result. A command that runs tasks has a span of its own (when the tracing add-on is
 * deployed), which its tasks carry as their {@code traceparent}: the route, pool and worker spans continue it.
 */
final class Tasks {

    /** Caller kind of tasks sent from the shell. */
    static final String CALLER_KIND = "cli";
    /** Longest {@code --deadline}, as for {@code --timeout}: a day. */
    static final int MAX_DEADLINE_SECONDS = 86_400;

    private Tasks() {
    }

    /**
     * @param args   the parsed command line (with the common task options)
     * @param prompt the prompt
     * @return the task; its id is known before it is sent, so an interrupted wait can cancel it
     */
    static Task build(Args args, String prompt) {
        // Tasks from the shell count against the "cli" request quota unless --attr caller_kind=... says otherwise.
        Task.Builder b = Task.builder().prompt(prompt).timeoutSeconds(args.integer("timeout"))
                .priority(args.integer("priority")).attribute(Task.ATTR_CALLER_KIND, CALLER_KIND);
        Integer deadline = args.integer("deadline");
        if (deadline != null) {
            if (deadline < 1 || deadline > MAX_DEADLINE_SECONDS) {
                throw new CommandException("option --deadline must be between 1 and " + MAX_DEADLINE_SECONDS
                        + " seconds (got: " + deadline + ")");
            }
            b.deadline(Instant.now().plusSeconds(deadline));
        }
        args.keyValues("attr").forEach(b::attribute);
        return b.build();
    }

    /**
     * @param tracer  the tracer, null when none is deployed
     * @param command the command, e.g. {@code pool:route}
     * @param poolId  the pool it names, null for a routed task
     * @return the command's span (one that records nothing without a tracer)
     */
    static CallSpan span(CallTracer tracer, String command, String poolId) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("mahavishnu.shell.command", command);
        if (poolId != null) {
            attrs.put("mahavishnu.pool.id", poolId);
        }
        return CallSpan.start(tracer, command, CallTracer.Kind.SERVER, null, attrs);
    }

    /** A command's work, done within the command's span. */
    interface SpanWork {
        void run(CallSpan span) throws InterruptedException;
    }

    /** Runs a command's work in a span of its own: a failure marks the span, which always ends. */
    static void inSpan(CallTracer tracer, String command, String poolId, SpanWork work) throws InterruptedException {
        CallSpan span = span(tracer, command, poolId);
        try {
            work.run(span);
        } catch (RuntimeException | InterruptedException e) {
            span.fail(String.valueOf(e.getMessage()));
            throw e;
        } finally {
            span.end();
        }
    }

    /** @return the task, carrying the span's trace context when there is one */
    static Task traced(Task task, CallSpan span) {
        String parent = span.traceparent();
        return parent == null ? task : task.toBuilder().attribute(Task.ATTR_TRACEPARENT, parent).build();
    }

    /** Puts a task's outcome on the command's span. */
    static void record(CallSpan span, TaskResult result) {
        span.attribute("mahavishnu.task.id", result.taskId());
        span.attribute("mahavishnu.pool.id", result.poolId());
        span.attribute("mahavishnu.task.status", result.status().wireName());
        if (!result.isSuccess()) {
            span.fail(result.error() == null ? result.status().wireName() : result.error());
        }
    }

    /**
     * Prints where and how a task ran, then its output. The task's status is the result's business, but a task
     * that did not complete makes the command fail (non-zero exit status in one-shot mode).
     *
     * @param out    where to print
     * @param result the result
     * @throws CommandException if the task did not complete
     */
    static void print(PrintStream out, TaskResult result) {
        out.println("Task " + result.taskId() + " " + Format.wire(result.status()));
        Table details = Table.details()
                .detail("Pool", result.poolId())
                .detail("Worker", result.workerId())
                .detail("Status", Format.wire(result.status()))
                .detail("Duration", Format.duration(result.duration()));
        if (result.route() != null) {
            TaskResult.RouteInfo r = result.route();
            details.detail("Route", r.strategy() + " (" + r.reason() + (r.attempts() > 1 ? ", " + r.attempts()
                    + " attempts" : "") + ")");
        }
        if (result.exitCode() != null) {
            details.detail("Exit code", result.exitCode());
        }
        if (result.error() != null && !result.error().isBlank()) {
            details.detail("Error", result.error());
        }
        details.print(out);
        if (result.output() != null && !result.output().isEmpty()) {
            out.println("Output" + (result.outputTruncated() ? " (truncated by the pool)" : "") + ":");
            out.println(result.output().endsWith("\n") ? result.output().substring(0, result.output().length() - 1)
                    : result.output());
        }
        if (!result.isSuccess()) {
            String status = Format.wire(result.status());
            String error = result.error() == null ? "" : result.error().strip();
            throw new CommandException("task " + result.taskId() + " " + status
                    + (error.isEmpty() || error.equals(status) ? "" : ": " + Format.preview(error, 200)));
        }
    }
}

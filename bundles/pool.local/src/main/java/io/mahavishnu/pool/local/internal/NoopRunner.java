package io.mahavishnu.pool.local.internal;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskStatus;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Worker type {@code noop}: runs in the JVM, outputs the prompt. For tests and benchmarks, the task attribute
 * {@value #DELAY_MS} holds the slot that long (a scheduled completion, no thread is blocked; subject to timeout
 * and cancellation) and {@value #FAIL} makes the task fail with that text as its error.
 */
final class NoopRunner implements Runner {

    /** Attribute: milliseconds the task holds its slot. */
    static final String DELAY_MS = "delay_ms";
    /** Attribute: error text; the task fails with it. */
    static final String FAIL = "fail";

    private final ScheduledExecutorService scheduler;

    NoopRunner(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Execution start(Task task, String workerId, LocalPoolSettings settings) {
        long delay;
        String raw = task.attributes().get(DELAY_MS);
        try {
            delay = raw == null ? 0 : Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            delay = -1;
        }
        if (delay < 0) {
            return Execution.done(Outcome.failed(DELAY_MS + " must be a whole number of milliseconds >= 0 (got: '"
                    + raw + "')"));
        }
        String output = OutputBuffer.truncateUtf8(task.prompt(), settings.maxOutputBytes());
        String fail = task.attributes().get(FAIL);
        Outcome outcome = new Outcome(fail == null ? TaskStatus.COMPLETED : TaskStatus.FAILED, output, fail,
                output.length() < task.prompt().length(), null, Map.of());
        if (delay == 0) {
            return Execution.done(outcome);
        }
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        ScheduledFuture<?> timer = scheduler.schedule(() -> done.complete(outcome), delay, TimeUnit.MILLISECONDS);
        return Execution.of(done, () -> {
            timer.cancel(false);
            done.complete(new Outcome(TaskStatus.FAILED, null, null, false, null, Map.of()));
        });
    }
}

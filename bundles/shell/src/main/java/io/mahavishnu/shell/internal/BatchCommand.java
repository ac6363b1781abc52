package io.mahavishnu.shell.internal;

import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.trace.CallSpan;
import io.mahavishnu.api.trace.CallTracer;
import io.mahavishnu.api.pool.TaskStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code pool:batch}: runs several prompts on one pool concurrently. Progress lines are printed as tasks finish,
 * then a summary keyed {@code 0..n-1}. Ctrl-C cancels the batch, which cancels the tasks still running.
 */
@Component(service = BatchCommand.class, property = {
        "osgi.command.scope=" + Specs.POOL,
        "osgi.command.function=batch"})
public class BatchCommand extends CommandGroup {

    /** One finished task, handed from a pool thread to the command's thread (only that one prints). */
    private record Progress(String key, TaskResult result) {
    }

    private static final Object END = new Object();

    private final PoolManager manager;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CallTracer tracer;

    /** @param manager the runtime's pool manager */
    @Activate
    public BatchCommand(@Reference PoolManager manager) {
        this.manager = manager;
        command(Specs.BATCH, this::batch);
    }

    private void batch(Call call) throws InterruptedException {
        String poolId = call.args().arg(0);
        Tasks.inSpan(tracer, "pool:batch", poolId, span -> batch(call, poolId, span));
    }

    private void batch(Call call, String poolId, CallSpan span) throws InterruptedException {
        Args a = call.args();
        manager.get(poolId).orElseThrow(() -> PoolManagerException.poolNotFound(poolId));
        List<String> prompts = prompts(call);
        List<Task> tasks = new ArrayList<>();
        for (String p : prompts) {
            tasks.add(Tasks.traced(Tasks.build(a, p), span));
        }
        span.attribute("mahavishnu.batch.size", tasks.size());
        PrintStream out = call.out();
        out.println("Running " + Format.count(tasks.size(), "task") + " on pool " + poolId + " (Ctrl-C cancels)");
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        long started = System.nanoTime();
        CompletableFuture<Map<String, TaskResult>> batch = manager.executeBatch(poolId, tasks,
                (key, result, done, total) -> events.add(new Progress(key, result)))
                .toCompletableFuture();
        batch.whenComplete((r, e) -> events.add(END));
        Set<String> shown = new HashSet<>();
        try (CtrlC ctrlC = CtrlC.cancels(call.session(), () -> batch.cancel(true))) {
            while (shown.size() < tasks.size()) {
                Object e = events.take();
                if (e == END) {
                    break;
                }
                Progress p = (Progress) e;
                progress(out, shown, p.key(), p.result(), tasks.size());
            }
        } catch (InterruptedException e) {
            batch.cancel(true);
            throw cancelled(out, poolId, shown.size(), tasks.size());
        }
        if (batch.isCancelled()) {
            throw cancelled(out, poolId, shown.size(), tasks.size());
        }
        Map<String, TaskResult> results = Await.result(batch);
        // The batch can complete just before the listener reports its last tasks: report those from the results.
        results.forEach((key, result) -> progress(out, shown, key, result, tasks.size()));
        summary(out, results, Duration.ofNanos(System.nanoTime() - started));
    }

    private static void progress(PrintStream out, Set<String> shown, String key, TaskResult r, int total) {
        if (shown.add(key)) {
            out.println("[" + shown.size() + "/" + total + "] #" + key + " " + Format.wire(r.status()) + " in "
                    + Format.duration(r.duration()) + (r.workerId() == null ? "" : " on " + r.workerId()));
        }
    }

    private static CommandException cancelled(PrintStream out, String poolId, int finished, int total) {
        out.println("Cancelled: " + finished + " of " + Format.count(total, "task")
                + " had finished; the others were cancelled");
        return new CommandException("batch on pool " + poolId + " cancelled after " + finished + " of " + total
                + " tasks");
    }

    private static void summary(PrintStream out, Map<String, TaskResult> results, Duration took) {
        Table t = Table.of("key", "status", "worker", "duration", "output / error");
        Map<TaskStatus, Integer> counts = new EnumMap<>(TaskStatus.class);
        for (Map.Entry<String, TaskResult> e : results.entrySet()) {
            TaskResult r = e.getValue();
            counts.merge(r.status(), 1, Integer::sum);
            String text = r.isSuccess() ? r.output() : r.error();
            t.row(e.getKey(), Format.wire(r.status()), r.workerId(), Format.duration(r.duration()),
                    Format.preview(text, 60));
        }
        t.print(out);
        String byStatus = counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().wireName())
                .collect(Collectors.joining(", "));
        out.println(Format.count(results.size(), "task") + ": " + byStatus + " in " + Format.duration(took));
        int unsuccessful = results.size() - counts.getOrDefault(TaskStatus.COMPLETED, 0);
        if (unsuccessful > 0) {
            throw new CommandException(unsuccessful + " of " + Format.count(results.size(), "task")
                    + " did not complete");
        }
    }

    /** Prompts from the arguments or from {@code --file} (one per line, blank lines skipped), not both. */
    private static List<String> prompts(Call call) {
        Args a = call.args();
        List<String> inline = a.positional().subList(1, a.positional().size());
        if (!a.has("file")) {
            if (inline.isEmpty()) {
                throw new CommandException("pool:batch needs prompts: give them as arguments or with --file FILE");
            }
            return inline;
        }
        if (!inline.isEmpty()) {
            throw new CommandException("give prompts as arguments or with --file, not both (got: --file and '"
                    + inline.get(0) + "')");
        }
        Path file = call.session().currentDir().resolve(a.value("file"));
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CommandException("prompts file not found: " + file);
        } catch (IOException e) {
            throw new CommandException("cannot read prompts file " + file + ": " + e.getMessage());
        }
        List<String> prompts = lines.stream().filter(l -> !l.isBlank()).collect(Collectors.toList());
        if (prompts.isEmpty()) {
            throw new CommandException("prompts file " + file + " has no prompts (one per line)");
        }
        return prompts;
    }
}

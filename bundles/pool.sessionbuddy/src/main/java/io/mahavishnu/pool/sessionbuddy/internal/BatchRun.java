package io.mahavishnu.pool.sessionbuddy.internal;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code executeBatch} of a session-buddy pool: tasks go out in rounds through {@code worker_execute_batch}, each
 * round pairing as many tasks as there are free workers (at least one, waited for) with those workers, so every task
 * gets a result keyed by its index and no worker gets two prompts at once. Cancelling the returned future stops
 * further rounds.
 */
final class BatchRun {

    private final SessionBuddyPool pool;
    private final List<Task> tasks;
    private final TaskResult[] results;
    private final CompletableFuture<Map<String, TaskResult>> done = new CompletableFuture<>();
    private int next;

    BatchRun(SessionBuddyPool pool, List<Task> tasks) {
        this.pool = pool;
        this.tasks = List.copyOf(tasks);
        this.results = new TaskResult[tasks.size()];
    }

    CompletableFuture<Map<String, TaskResult>> run() {
        round();
        return done;
    }

    private void round() {
        if (done.isDone()) {
            return;
        }
        if (next >= tasks.size()) {
            Map<String, TaskResult> out = new LinkedHashMap<>();
            for (int i = 0; i < results.length; i++) {
                out.put(Integer.toString(i), results[i]);
            }
            done.complete(out);
            return;
        }
        int first = next;
        pool.acquireUpTo(tasks.size() - first, tasks.get(first).priority()).whenComplete((ids, err) -> {
            if (err != null) {
                for (int i = first; i < tasks.size(); i++) {
                    results[i] = TaskResult.unsuccessful(tasks.get(i), pool.id(), TaskStatus.FAILED,
                            SessionBuddyPool.root(err).getMessage(), Duration.ZERO);
                }
                next = tasks.size();
                round();
                return;
            }
            if (done.isDone()) {
                ids.forEach(pool::release);
                return;
            }
            send(first, ids);
        });
    }

    private void send(int first, List<String> ids) {
        List<String> prompts = new ArrayList<>();
        Duration timeout = Duration.ZERO;
        for (int i = 0; i < ids.size(); i++) {
            Task t = tasks.get(first + i);
            prompts.add(t.prompt());
            timeout = t.timeout().compareTo(timeout) > 0 ? t.timeout() : timeout;
        }
        next = first + ids.size();
        long start = System.nanoTime();
        pool.client().executeBatch(ids, prompts, timeout).whenComplete((outcomes, err) -> {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            List<CompletableFuture<TaskResult>> rerun = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                Task t = tasks.get(first + i);
                int index = first + i;
                TaskResult r;
                if (err != null) {
                    r = new TaskResult(t.id(), pool.id(), ids.get(i), TaskStatus.FAILED, null,
                            SessionBuddyPool.root(err).getMessage(), took, false, null, null, null);
                } else {
                    SessionBuddyClient.Outcome o = outcomes.get(Integer.toString(i));
                    if (SessionBuddyPool.unknownWorker(o)) {
                        // Session-Buddy forgot this worker: the task runs on a replacement (its result is recorded
                        // there), then the batch goes on.
                        CompletableFuture<TaskResult> again = new CompletableFuture<>();
                        rerun.add(again.whenComplete((x, e) -> results[index] = x));
                        pool.replaceAndRun(t, ids.get(i), again);
                        continue;
                    }
                    TaskStatus st = SessionBuddyPool.status(o);
                    r = new TaskResult(t.id(), pool.id(), ids.get(i), st, o.output(),
                            st == TaskStatus.COMPLETED ? null : o.error(), took, false, null, null, null);
                }
                results[index] = r;
                pool.finished(r);
                pool.release(ids.get(i));
            }
            CompletableFuture.allOf(rerun.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> round());
        });
    }
}

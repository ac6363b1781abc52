package io.mahavishnu.pool.sessionbuddy.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * The remote workers of one pool and who uses them: each worker runs one prompt at a time; a task gets the worker
 * idle longest, or waits (higher priority first, then arrival) in a queue of at most {@code queue_size}. Scaling down
 * closes idle workers at once and busy ones when their prompt ends. {@code this} guards every field.
 */
final class Workers {

    private record Waiter(int priority, long order, CompletableFuture<String> slot) {
    }

    private final IntSupplier queueSize;
    private final LinkedHashSet<String> idle = new LinkedHashSet<>();
    private final Set<String> busy = new LinkedHashSet<>();
    private final Set<String> retiring = new LinkedHashSet<>();
    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>(
            Comparator.comparingInt(Waiter::priority).reversed().thenComparingLong(Waiter::order));
    private long arrivals;
    private long rejected;
    private boolean closed;

    Workers(IntSupplier queueSize) {
        this.queueSize = queueSize;
    }

    /**
     * @return completes with a worker id reserved for the caller (who must {@link #release} it); fails at once when
     *         the queue is full. Cancelling it leaves the queue.
     */
    CompletableFuture<String> acquire(int priority) {
        CompletableFuture<String> slot = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("pool stopped"));
            }
            if (!idle.isEmpty()) {
                String id = idle.iterator().next();
                idle.remove(id);
                busy.add(id);
                return CompletableFuture.completedFuture(id);
            }
            if (waiting.size() >= queueSize.getAsInt()) {
                rejected++;
                return CompletableFuture.failedFuture(new IllegalStateException("queue_full: all " + busy.size()
                        + " workers are busy and " + waiting.size() + " tasks wait (queue_size)"));
            }
            Waiter w = new Waiter(priority, arrivals++, slot);
            waiting.add(w);
            slot.whenComplete((id, err) -> {
                if (err != null) {
                    synchronized (this) {
                        waiting.remove(w);
                    }
                }
            });
        }
        return slot;
    }

    /** @return an idle worker reserved for the caller, or null if none is idle */
    synchronized String tryAcquire() {
        if (idle.isEmpty() || !waiting.isEmpty()) {
            return null;
        }
        String id = idle.iterator().next();
        idle.remove(id);
        busy.add(id);
        return id;
    }

    /** @return true if the worker was retired and must be closed by the caller */
    boolean release(String workerId) {
        CompletableFuture<String> handed = null;
        synchronized (this) {
            if (!busy.contains(workerId)) {
                return false;
            }
            if (retiring.remove(workerId)) {
                busy.remove(workerId);
                return true;
            }
            Waiter w;
            while ((w = waiting.poll()) != null) {
                if (!w.slot().isDone()) {
                    handed = w.slot();
                    break;
                }
            }
            if (handed == null) {
                busy.remove(workerId);
                idle.add(workerId);
                return false;
            }
        }
        if (!handed.complete(workerId)) {
            return release(workerId);
        }
        return false;
    }

    /** Adds new workers (handing them to waiting tasks first). */
    void add(List<String> ids) {
        for (String id : ids) {
            synchronized (this) {
                busy.add(id);
            }
            release(id);
        }
    }

    /**
     * Puts {@code fresh} in the place of the busy worker {@code lost} (held by the caller, who now holds
     * {@code fresh}); a worker being retired stays retired.
     *
     * @return false if {@code lost} is no longer this pool's (the pool stopped)
     */
    synchronized boolean replace(String lost, String fresh) {
        if (!busy.remove(lost)) {
            return false;
        }
        busy.add(fresh);
        if (retiring.remove(lost)) {
            retiring.add(fresh);
        }
        return true;
    }

    /**
     * Removes {@code count} workers: idle ones now (returned, to be closed), busy ones when they finish.
     *
     * @return the idle workers removed
     */
    synchronized List<String> remove(int count) {
        List<String> out = new ArrayList<>();
        for (String id : new ArrayList<>(idle)) {
            if (out.size() >= count) {
                break;
            }
            idle.remove(id);
            out.add(id);
        }
        for (String id : busy) {
            if (out.size() + retiring.size() >= count) {
                break;
            }
            retiring.add(id);
        }
        return out;
    }

    /** Fails every waiting task and returns every worker (idle and busy), to be closed. */
    List<String> closeAll() {
        List<Waiter> failed;
        List<String> all;
        synchronized (this) {
            closed = true;
            failed = new ArrayList<>(waiting);
            waiting.clear();
            all = new ArrayList<>(idle);
            all.addAll(busy);
            idle.clear();
            busy.clear();
            retiring.clear();
        }
        failed.forEach(w -> w.slot().completeExceptionally(new CancellationException("pool stopped")));
        return all;
    }

    /** @return workers that exist and are not being retired */
    synchronized int total() {
        return idle.size() + busy.size() - retiring.size();
    }

    synchronized int busy() {
        return busy.size();
    }

    synchronized int queued() {
        return waiting.size();
    }

    synchronized long rejected() {
        return rejected;
    }
}

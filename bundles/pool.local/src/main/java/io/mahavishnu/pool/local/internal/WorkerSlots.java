package io.mahavishnu.pool.local.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker slots of one pool. A slot runs one task at a time; idle slots are handed out least recently used
 * first, so tasks spread over all workers. Shrinking removes idle slots at once and retires busy ones when their
 * task ends; growing first takes back slots still retiring. Worker ids {@code <poolId>-w<N>} are never reused.
 *
 * <p>Not thread-safe: guarded by the owning pool's lock.
 */
final class WorkerSlots {

    /** One worker. */
    static final class Slot {
        private final String id;
        private boolean busy;
        private boolean retiring;

        private Slot(String id) {
            this.id = id;
        }

        String id() {
            return id;
        }
    }

    private final String poolId;
    private final List<Slot> live = new ArrayList<>();
    private final ArrayDeque<Slot> idle = new ArrayDeque<>();
    private int target;
    private int lastNumber;

    WorkerSlots(String poolId) {
        this.poolId = poolId;
    }

    /** @return an idle slot, now busy; null if none */
    Slot acquire() {
        Slot s = idle.pollFirst();
        if (s != null) {
            s.busy = true;
        }
        return s;
    }

    /** @param s a slot whose task ended: back to idle, or gone if it was retiring */
    void release(Slot s) {
        s.busy = false;
        if (s.retiring) {
            live.remove(s);
        } else {
            idle.addLast(s);
        }
    }

    /** @param newTarget the number of workers wanted */
    void resize(int newTarget) {
        int delta = newTarget - target;
        target = newTarget;
        for (int i = 0; i < live.size() && delta > 0; i++) {
            if (live.get(i).retiring) {
                live.get(i).retiring = false;
                delta--;
            }
        }
        while (delta > 0) {
            Slot s = new Slot(poolId + "-w" + (++lastNumber));
            live.add(s);
            idle.addLast(s);
            delta--;
        }
        while (delta < 0 && !idle.isEmpty()) {
            live.remove(idle.pollLast());
            delta++;
        }
        for (int i = live.size() - 1; i >= 0 && delta < 0; i--) {
            Slot s = live.get(i);
            if (s.busy && !s.retiring) {
                s.retiring = true;
                delta++;
            }
        }
    }

    boolean hasIdle() {
        return !idle.isEmpty();
    }

    /** @return slots running a task (including retiring ones) */
    int busy() {
        return live.size() - idle.size();
    }

    /** @return slots that exist (including retiring ones still running their last task) */
    int total() {
        return live.size();
    }

    /** @return the number of workers the pool should have */
    int target() {
        return target;
    }
}

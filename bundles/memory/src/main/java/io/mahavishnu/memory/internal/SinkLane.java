package io.mahavishnu.memory.internal;

import io.mahavishnu.api.memory.MemoryItem;
import io.mahavishnu.api.memory.MemorySink;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one sink's pending outbox items on its own thread ({@code mahavishnu-memory-<sink>}), so a slow or
 * hanging sink delays nothing else. Each call is bounded by {@code delivery_timeout_seconds}; failures back off per
 * item (doubling from {@code retry_initial_millis} to {@code retry_max_millis}) and count towards the sink's
 * {@link CircuitBreaker}. While the breaker is open the lane waits; when a probe succeeds every waiting item becomes
 * due at once. Opening and closing of the breaker is logged once each, not per attempt.
 *
 * <p>{@code signal} guards {@code wake}, {@code probe}, {@code generation} and {@code waiters}; the other mutable
 * fields are written by the lane thread only (volatile where other threads read them).
 */
final class SinkLane {

    private static final Logger LOG = LoggerFactory.getLogger(SinkLane.class);

    private record Waiter(CompletableFuture<Integer> done, long generation, long deliveredAtStart) {
    }

    private final String name;
    private final Outbox outbox;
    private final Supplier<MemorySettings> settings;
    private final LongSupplier clock;
    private final CircuitBreaker breaker;
    private final Thread thread;
    private final Object signal = new Object();
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean wake;
    private boolean probe;
    private long generation;
    private volatile MemorySink sink;
    private volatile int batchLimit = Integer.MAX_VALUE;
    private volatile boolean running = true;
    private volatile String lastError;
    private volatile long lastSuccessAt;
    private volatile long delivered;

    SinkLane(String name, Outbox outbox, Supplier<MemorySettings> settings, LongSupplier clock) {
        this.name = name;
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
        MemorySettings s = settings.get();
        this.breaker = new CircuitBreaker(s.breakerThreshold(), s.breakerOpen().toMillis());
        this.thread = new Thread(this::run, "mahavishnu-memory-" + name);
        thread.setDaemon(true);
    }

    String name() {
        return name;
    }

    void start() {
        thread.start();
    }

    /** Attaches (or detaches, with null) the sink service. */
    void sink(MemorySink s, int batch) {
        this.sink = s;
        this.batchLimit = Math.max(1, batch);
        wake(false);
    }

    boolean available() {
        return sink != null;
    }

    String breakerState() {
        return breaker.state().wire;
    }

    String lastError() {
        return lastError;
    }

    /** New items may be due; with {@code probeNow} an open breaker lets one attempt through at once. */
    void wake(boolean probeNow) {
        synchronized (signal) {
            wake = true;
            probe |= probeNow;
            signal.notifyAll();
        }
    }

    /**
     * Asks for a delivery pass now (probing an open breaker).
     *
     * @return completes with the items delivered, once nothing more is due or the sink is unavailable
     */
    CompletableFuture<Integer> pass() {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        synchronized (signal) {
            waiters.add(new Waiter(done, generation, delivered));
            wake = true;
            probe = true;
            signal.notifyAll();
        }
        return done;
    }

    /** Stops the thread, waiting up to {@code millis} for a delivery in progress to end. */
    void stop(long millis) {
        running = false;
        thread.interrupt();
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finishPass(Long.MAX_VALUE);
    }

    private void run() {
        while (running) {
            long started;
            boolean probeNow;
            synchronized (signal) {
                started = ++generation;
                probeNow = probe;
                probe = false;
                wake = false;
            }
            try {
                long idleUntil = step(probeNow);
                if (idleUntil >= 0) {
                    finishPass(started);
                    await(idleUntil);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.error("Memory sink {}: delivery loop error, retrying: {}", name, e.toString(), e);
                try {
                    await(clock.getAsLong() + settings.get().retryInitial().toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** @return -1 to go on at once, else the time until which there is nothing to do */
    private long step(boolean probeNow) throws InterruptedException {
        long now = clock.getAsLong();
        MemorySink s = sink;
        if (s == null) {
            return Long.MAX_VALUE;
        }
        if (probeNow) {
            breaker.probeNow();
        }
        if (!breaker.allows(now)) {
            return breaker.probeAt(now);
        }
        boolean halfOpen = breaker.state() == CircuitBreaker.State.HALF_OPEN;
        List<Outbox.Entry> batch = outbox.due(name, now, Math.min(batchLimit, settings.get().batchSize()), halfOpen);
        if (batch.isEmpty()) {
            return outbox.nextDue(name);
        }
        deliver(s, batch);
        return -1;
    }

    private void deliver(MemorySink s, List<Outbox.Entry> batch) throws InterruptedException {
        List<MemoryItem> items = new ArrayList<>(batch.size());
        batch.forEach(e -> items.add(e.item()));
        long timeout = settings.get().deliveryTimeout().toMillis();
        String error;
        CompletableFuture<Void> call = null;
        try {
            call = s.deliver(items).toCompletableFuture();
            call.get(timeout, TimeUnit.MILLISECONDS);
            succeeded(batch);
            return;
        } catch (TimeoutException e) {
            call.cancel(true);
            error = "no answer within " + timeout + " ms (delivery_timeout_seconds)";
        } catch (ExecutionException e) {
            error = message(e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            if (call != null) {
                call.cancel(true);
            }
            throw e;
        } catch (RuntimeException e) {
            error = message(e);
        }
        failed(batch, error);
    }

    private void succeeded(List<Outbox.Entry> batch) {
        long now = clock.getAsLong();
        outbox.delivered(name, batch, now);
        delivered += batch.size();
        lastSuccessAt = now;
        lastError = null;
        if (breaker.success()) {
            outbox.releaseBackoff(name);
            LOG.info("Memory sink {} is reachable again; delivering the items waiting in the outbox", name);
        }
    }

    private void failed(List<Outbox.Entry> batch, String error) {
        long now = clock.getAsLong();
        lastError = error;
        boolean opened = breaker.failure(now);
        MemorySettings s = settings.get();
        for (Outbox.Entry e : batch) {
            int attempt = e.state().attempts() + 1;
            boolean strike = e.state().attempts() > 0 && lastSuccessAt > e.state().lastFailureAt();
            if (outbox.failed(name, e, now, now + backoff(attempt, s), strike, error, s.maxAttempts())) {
                LOG.warn("Memory item {} parked for sink {} after {} attempts (last error: {}); "
                        + "memory:retry {} delivers it again", e.item().id(), name, attempt, error, name);
            }
        }
        if (opened) {
            LOG.warn("Memory sink {} unavailable ({}); items wait in the outbox and are retried every {} s",
                    name, error, s.breakerOpen().toSeconds());
        } else {
            LOG.debug("Memory sink {}: delivery of {} items failed: {}", name, batch.size(), error);
        }
    }

    static long backoff(int attempt, MemorySettings s) {
        long initial = s.retryInitial().toMillis();
        long delay = initial << Math.min(attempt - 1, 30);
        delay = delay <= 0 ? s.retryMax().toMillis() : Math.min(delay, s.retryMax().toMillis());
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    private void await(long until) throws InterruptedException {
        long cap = settings.get().syncInterval().toMillis();
        synchronized (signal) {
            while (running && !wake) {
                long left = Math.min(until - clock.getAsLong(), cap);
                if (left <= 0) {
                    return;
                }
                signal.wait(left);
            }
        }
    }

    private void finishPass(long generationStarted) {
        List<Waiter> done = new ArrayList<>();
        synchronized (signal) {
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.generation() < generationStarted) {
                    done.add(w);
                    it.remove();
                }
            }
        }
        done.forEach(w -> w.done().complete((int) (delivered - w.deliveredAtStart())));
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}

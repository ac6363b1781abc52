package io.mahavishnu.monitor.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One connected {@code /events} client. Frames wait in a bounded queue and are written with the servlet container's
 * non-blocking output, so no thread waits on a client: the hub only offers frames, and writing resumes when the
 * container reports the connection writable again. A client whose queue overflows is disconnected.
 */
final class SseClient implements WriteListener, AsyncListener {

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final BlockingQueue<byte[]> queue;
    private final boolean includeBus;
    private final Executor writer;
    private final Consumer<SseClient> onClose;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Written frames not yet flushed. Guarded by {@code this}. */
    private boolean dirty;
    /** Set when the container first reports the output writable: only then is non-blocking output in force. */
    private volatile boolean started;

    SseClient(AsyncContext async, ServletOutputStream out, int capacity, boolean includeBus, Executor writer,
              Consumer<SseClient> onClose) {
        this.async = async;
        this.out = out;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.includeBus = includeBus;
        this.writer = writer;
        this.onClose = onClose;
    }

    boolean wants(StreamEntry entry) {
        return includeBus || !entry.bus();
    }

    /** @return false if the client is too far behind (its queue is full); the caller disconnects it */
    boolean offer(byte[] frame) {
        if (closed.get()) {
            return true;
        }
        if (!queue.offer(frame)) {
            return false;
        }
        schedule();
        return true;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Writing happens on the monitor's writer thread (or the container's), never on the caller's. */
    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                writer.execute(this::pump);
            } catch (RuntimeException e) {
                // the writer is shut down: the monitor is stopping and closes every client
                scheduled.set(false);
            }
        }
    }

    private void pump() {
        scheduled.set(false);
        if (!started) {
            return;
        }
        synchronized (this) {
            try {
                while (!closed.get() && out.isReady()) {
                    byte[] next = queue.poll();
                    if (next != null) {
                        out.write(next);
                        dirty = true;
                    } else if (dirty) {
                        dirty = false;
                        out.flush();
                    } else {
                        return;
                    }
                }
            } catch (IOException | IllegalStateException e) {
                close();
            }
        }
    }

    /** Ends the response; idempotent. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // already completed by the container (client gone)
            }
        }
    }

    @Override
    public void onWritePossible() {
        started = true;
        pump();
    }

    @Override
    public void onError(Throwable t) {
        close();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}

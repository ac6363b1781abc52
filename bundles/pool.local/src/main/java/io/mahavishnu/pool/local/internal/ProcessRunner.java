package io.mahavishnu.pool.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spawns a process from an argv list (never a shell), feeds its stdin, reads stdout and stderr concurrently and
 * kills its whole tree on request.
 *
 * <p>Kill: snapshot the descendants first, SIGTERM the process and each of them, SIGKILL whatever is still alive
 * (and anything it spawned meanwhile) after the grace period. A {@link Handle} completes once the process has exited
 * and its streams are drained; after a kill also once the snapshot is gone (bounded by grace + 5 s). After a normal
 * exit, streams held open by an orphaned background child are waited for at most 1 s; such orphans cannot be found
 * any more and are not killed.
 */
final class ProcessRunner {

    /** Stream receiving process output; may be called from any thread. */
    interface Sink {
        void write(byte[] b, int off, int len);

        /** No more writes will be taken; idempotent. */
        void close();
    }

    /**
     * @param exitCode   exit code, -1 if the process never started
     * @param stderrTail last bytes of stderr
     * @param startError why the process could not start, null if it did
     */
    record Outcome(int exitCode, String stderrTail, String startError) {
    }

    static final int STDERR_TAIL_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
    private static final long DRAIN_GRACE_MILLIS = 1000;
    private static final long KILL_SETTLE_MILLIS = 5000;
    private static final long POLL_MILLIS = 50;

    private final Executor io;
    private final ScheduledExecutorService scheduler;

    /**
     * @param io        runs stream readers and writers (blocking I/O, one thread each)
     * @param scheduler runs the short timed steps (SIGKILL, drain bounds)
     */
    ProcessRunner(Executor io, ScheduledExecutorService scheduler) {
        this.io = io;
        this.scheduler = scheduler;
    }

    /**
     * Starts a process without blocking the caller.
     *
     * @param argv      executable and arguments
     * @param dir       working directory, null for the JVM's
     * @param stdin     written to stdin, then stdin is closed; null or empty closes it at once
     * @param stdout    receives stdout
     * @param killGrace SIGTERM → SIGKILL delay
     * @return the handle
     */
    Handle start(List<String> argv, Path dir, String stdin, Sink stdout, Duration killGrace) {
        Handle h = new Handle(List.copyOf(argv), dir, stdin, stdout, killGrace);
        try {
            io.execute(h::launch);
        } catch (RuntimeException e) {
            h.done.complete(new Outcome(-1, "", "cannot start '" + argv.get(0) + "': the pool type is shutting down"));
        }
        return h;
    }

    /** @return the task's {@code repo} attribute as a directory if it is an existing one, else null */
    static Path directory(String repo) {
        if (repo == null || repo.isBlank()) {
            return null;
        }
        try {
            Path p = Path.of(repo);
            return Files.isDirectory(p) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** One process (and its tree). */
    final class Handle {
        private final List<String> argv;
        private final Path dir;
        private final String stdin;
        private final Sink stdout;
        private final Duration killGrace;
        private final OutputBuffer stderr = OutputBuffer.tail(STDERR_TAIL_BYTES);
        private final CompletableFuture<Outcome> done = new CompletableFuture<>();
        /** Guarded by {@code this}, like the two fields below. */
        private Process process;
        private boolean killRequested;
        private List<ProcessHandle> killedTree;

        private Handle(List<String> argv, Path dir, String stdin, Sink stdout, Duration killGrace) {
            this.argv = argv;
            this.dir = dir;
            this.stdin = stdin;
            this.stdout = stdout;
            this.killGrace = killGrace;
        }

        /** @return completes after exit, drain and (after a kill) the end of the tree; never exceptionally */
        CompletableFuture<Outcome> completion() {
            return done;
        }

        /** Kills the process tree (now or as soon as the process exists). Idempotent. */
        void kill() {
            Process p;
            synchronized (this) {
                if (killRequested) {
                    return;
                }
                killRequested = true;
                p = process;
            }
            if (p != null) {
                killTree(p);
            }
        }

        private void launch() {
            synchronized (this) {
                if (killRequested) { // cancelled while waiting for a thread: do not start it at all
                    done.complete(new Outcome(-1, "", "killed before it started"));
                    return;
                }
            }
            Process p;
            try {
                ProcessBuilder pb = new ProcessBuilder(argv);
                if (dir != null) {
                    pb.directory(dir.toFile());
                }
                p = pb.start();
            } catch (IOException | RuntimeException e) {
                done.complete(new Outcome(-1, "", "cannot start '" + argv.get(0) + "': " + e.getMessage()));
                return;
            }
            boolean kill;
            synchronized (this) {
                process = p;
                kill = killRequested;
            }
            try {
                CompletableFuture<Void> streams = CompletableFuture.allOf(pump(p.getInputStream(), stdout),
                        pump(p.getErrorStream(), stderr));
                feed(p);
                p.onExit().thenRunAsync(() -> settle(p, streams), io).exceptionally(e -> {
                    LOG.warn("Could not collect the end of process {} ({})", p.pid(), argv.get(0), e);
                    done.complete(new Outcome(p.exitValue(), stderr.text(), null));
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("Could not attach to process {} ({}); killing it", p.pid(), argv.get(0), e);
                kill = true;
                p.onExit().thenRun(() -> done.complete(new Outcome(p.exitValue(), "", null)));
            }
            if (kill) {
                killTree(p);
            }
        }

        private void killTree(Process p) {
            List<ProcessHandle> tree = new ArrayList<>();
            p.descendants().forEach(tree::add); // snapshot before the parent dies and its children are reparented
            tree.add(0, p.toHandle());
            synchronized (this) {
                killedTree = List.copyOf(tree);
            }
            tree.forEach(ProcessHandle::destroy);
            long grace = killGrace.toMillis();
            try {
                if (grace > 0) {
                    scheduler.schedule(() -> forceKill(tree), grace, TimeUnit.MILLISECONDS);
                    return;
                }
            } catch (RejectedExecutionException e) {
                LOG.debug("Shutting down: no grace period for {}", argv.get(0));
            }
            forceKill(tree);
        }

        private void forceKill(List<ProcessHandle> tree) {
            List<ProcessHandle> alive = new ArrayList<>();
            for (ProcessHandle h : tree) {
                if (h.isAlive()) {
                    h.descendants().forEach(alive::add);
                    alive.add(h);
                }
            }
            if (!alive.isEmpty()) {
                LOG.debug("SIGKILL to {} processes of {} after the grace period", alive.size(), argv.get(0));
                alive.forEach(ProcessHandle::destroyForcibly);
            }
        }

        private void settle(Process p, CompletableFuture<Void> streams) {
            List<ProcessHandle> tree;
            synchronized (this) {
                tree = killedTree;
            }
            long bound = tree == null ? DRAIN_GRACE_MILLIS : killGrace.toMillis() + KILL_SETTLE_MILLIS;
            CompletableFuture<Void> gone = new CompletableFuture<>();
            CompletableFuture<Void> all = CompletableFuture.allOf(streams, gone);
            ScheduledFuture<?> cap = scheduler.schedule(() -> {
                gone.complete(null);
                all.complete(null);
            }, bound, TimeUnit.MILLISECONDS);
            awaitGone(tree == null ? new ArrayList<>() : new ArrayList<>(tree), gone);
            all.whenComplete((v, e) -> {
                cap.cancel(false);
                stdout.close();
                stderr.close();
                done.complete(new Outcome(p.exitValue(), stderr.text(), null));
            });
        }

        private void awaitGone(List<ProcessHandle> remaining, CompletableFuture<Void> gone) {
            remaining.removeIf(h -> !h.isAlive());
            if (remaining.isEmpty()) {
                gone.complete(null);
            } else if (!gone.isDone()) {
                scheduler.schedule(() -> awaitGone(remaining, gone), POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
        }

        private CompletableFuture<Void> pump(InputStream in, Sink sink) {
            CompletableFuture<Void> eof = new CompletableFuture<>();
            io.execute(() -> {
                byte[] buf = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        sink.write(buf, 0, n);
                    }
                } catch (IOException e) {
                    LOG.debug("Stream of {} ended: {}", argv.get(0), e.getMessage());
                } finally {
                    eof.complete(null);
                }
            });
            return eof;
        }

        private void feed(Process p) {
            OutputStream os = p.getOutputStream();
            if (stdin == null || stdin.isEmpty()) {
                closeQuietly(os);
                return;
            }
            byte[] bytes = stdin.getBytes(StandardCharsets.UTF_8);
            io.execute(() -> {
                try (os) {
                    os.write(bytes);
                } catch (IOException e) {
                    LOG.debug("{} did not read all of its input: {}", argv.get(0), e.getMessage());
                }
            });
        }

        private void closeQuietly(OutputStream os) {
            try {
                os.close();
            } catch (IOException e) {
                LOG.debug("Closing stdin of {}: {}", argv.get(0), e.getMessage());
            }
        }
    }
}

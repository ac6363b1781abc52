package io.mahavishnu.itests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Host side: a private copy of the distribution (unpacked from {@code mahavishnu.tar.gz}) with its own attach port,
 * driven through {@code bin/mahavishnu} as a user would. {@link #close()} stops the runtime, forcibly if needed.
 */
final class Distribution implements AutoCloseable {

    /** Bound for any one command or wait; a hang fails the test instead of the build. */
    static final long TIMEOUT_SECONDS = 90;

    /** Exit status, standard output and standard error of a command. */
    record Result(int status, String out, String err) {
    }

    final Path home;
    final int attachPort;

    private Distribution(Path home, int attachPort) {
        this.home = home;
        this.attachPort = attachPort;
    }

    /** @param name a label for the folder @return a fresh copy, not started */
    static Distribution unpack(String name) throws Exception {
        Path tar = Paths.get(System.getProperty("mahavishnu.distribution"));
        Path dir = Paths.get(System.getProperty("mahavishnu.workdir"), name + "-" + UUID.randomUUID());
        Files.createDirectories(dir);
        Result r = exec(dir, List.of("tar", "xzf", tar.toString(), "-C", dir.toString()));
        if (r.status() != 0) {
            throw new IllegalStateException("cannot unpack " + tar + ": " + r.err());
        }
        Path home = dir.resolve("mahavishnu");
        int port = freePort();
        Path cfg = home.resolve("etc/io.mahavishnu.shell.remote.cfg");
        Files.writeString(cfg, Files.readString(cfg).replaceAll("(?m)^attach_port = \\d+$", "attach_port = " + port));
        return new Distribution(home, port);
    }

    /** Runs {@code bin/mahavishnu ARGS} and waits for it. */
    Result mahavishnu(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/mahavishnu").toString());
        cmd.addAll(List.of(args));
        return exec(home, cmd);
    }

    /** Runs {@code bin/mahavishnu shell ARGS}: one command on the running runtime. */
    Result shell(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "shell";
        System.arraycopy(args, 0, all, 1, args.length);
        return mahavishnu(all);
    }

    /** Starts the runtime in the background; returns once it is ready. */
    void start() throws Exception {
        Result r = mahavishnu("start");
        if (r.status() != 0) {
            throw new AssertionError("start failed (" + r.status() + "): " + r.out() + r.err() + "\nconsole log:\n"
                    + read(home.resolve("data/log/console.log")));
        }
    }

    /** @return the runtime's process id, or -1 if it has none */
    long pid() throws IOException {
        Path file = home.resolve("data/mahavishnu.pid");
        if (!Files.exists(file)) {
            return -1;
        }
        String s = Files.readString(file).trim();
        return s.isEmpty() ? -1 : Long.parseLong(s);
    }

    @Override
    public void close() throws Exception {
        long pid = pid();
        try {
            mahavishnu("stop");
        } finally {
            if (pid > 0) {
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.destroyForcibly();
                    p.onExit().orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
                });
            }
        }
    }

    static Result exec(Path dir, List<String> cmd) throws Exception {
        Path out = Files.createTempFile("mahavishnu-out", ".txt");
        Path err = Files.createTempFile("mahavishnu-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().keySet().removeIf(k -> k.startsWith("MAHAVISHNU_"));
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(cmd + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** Polls a condition of an external process (no event to wait on) every 100 ms, up to the bound. */
    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s waiting until " + what);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

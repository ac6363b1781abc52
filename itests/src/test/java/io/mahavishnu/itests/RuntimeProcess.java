package io.mahavishnu.itests;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RuntimeMain} process started by a test: it can be killed like a crashed runtime ({@link #kill}) and
 * started again on the same home. Its output goes to {@code HOME/process.log}; {@link #close} stops it.
 */
final class RuntimeProcess implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 60;

    private final Process process;
    final String runtimeId;
    /** Pool name → id of the runtime's own pools. */
    final Map<String, String> pools = new LinkedHashMap<>();

    private RuntimeProcess(Process process, String runtimeId) {
        this.process = process;
        this.runtimeId = runtimeId;
    }

    static RuntimeProcess start(Path home, File bundles, String... poolNames) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), RuntimeMain.class.getName(),
                home.toString(), bundles.toString()));
        cmd.addAll(List.of(poolNames));
        Path log = home.resolve("process.log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        java.util.concurrent.atomic.AtomicBoolean ready = new java.util.concurrent.atomic.AtomicBoolean();
        // a runtime that hangs before READY is killed, so reading its output never waits forever
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            if (!ready.get()) {
                p.destroyForcibly();
            }
        }, java.util.concurrent.CompletableFuture.delayedExecutor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String runtimeId = null;
            Map<String, String> pools = new LinkedHashMap<>();
            for (String line = out.readLine(); line != null && !line.equals("READY"); line = out.readLine()) {
                if (line.startsWith("RUNTIME ")) {
                    runtimeId = line.substring(8).trim();
                } else if (line.startsWith("POOL ")) {
                    String[] parts = line.split(" ");
                    pools.put(parts[2], parts[1]);
                }
            }
            if (runtimeId == null || !p.isAlive()) {
                throw new IllegalStateException("runtime process did not start: " + Files.readString(log));
            }
            ready.set(true);
            RuntimeProcess rp = new RuntimeProcess(p, runtimeId);
            rp.pools.putAll(pools);
            return rp;
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** SIGKILL: no goodbye, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                process.getOutputStream().close(); // graceful: RuntimeMain stops the framework
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        }
    }
}

package io.mahavishnu.itests;

import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.pool.PoolConfig;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A runtime in a process of its own, for tests that kill it (SIGKILL, no goodbye): {@code RuntimeMain HOME BUNDLES
 * [POOL_NAME...]} starts the runtime configured by HOME/etc, spawns a noop pool per name, prints {@code RUNTIME id},
 * one {@code POOL id name} line per local pool and {@code READY}, then runs until its standard input closes.
 */
public final class RuntimeMain {

    private RuntimeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        try (FelixRuntime runtime = FelixRuntime.start(home, new File(args[1]), Map.of())) {
            PoolManager manager = runtime.service(PoolManager.class);
            for (int i = 2; i < args.length; i++) {
                manager.spawn(PoolConfig.builder().name(args[i]).workerType("noop").minWorkers(1).maxWorkers(2)
                        .build()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            if (args.length == 2) {
                awaitRestoredPools(manager); // a restart: the pools come back from the configuration store
            }
            MessageBus bus = runtime.service(MessageBus.class);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (bus.runtimeId().isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20); // FileInstall switches the bus to redis shortly after start
            }
            System.out.println("RUNTIME " + bus.runtimeId().orElse("?"));
            for (PoolInfo p : manager.list()) {
                if (!p.remote()) {
                    System.out.println("POOL " + p.poolId() + " " + p.name());
                }
            }
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() != -1) {
                // runs until the test closes our standard input (or kills us)
            }
        }
        // As the distribution's launcher does once the framework stopped: a thread some library left running must
        // not keep the process (and the test waiting for it) alive.
        System.exit(0);
    }

    private static void awaitRestoredPools(PoolManager manager) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (manager.list().stream().noneMatch(p -> !p.remote() && p.status().acceptsTasks())
                && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}

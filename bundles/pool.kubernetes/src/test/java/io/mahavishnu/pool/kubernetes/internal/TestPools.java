package io.mahavishnu.pool.kubernetes.internal;

import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/** Creates kubernetes pools on the mock cluster without OSGi, records their API requests, stops them afterwards. */
final class TestPools implements AutoCloseable {

    static final long WAIT_SECONDS = 30;

    /** A context for one pool. */
    record Context(String poolId, PoolConfig config) implements PoolContext {
        @Override
        public void stateChanged() {
        }
    }

    /** {@link System#nanoTime()} of every API request of every pool. */
    final ConcurrentLinkedQueue<Long> requests = new ConcurrentLinkedQueue<>();
    final KubernetesPoolProvider provider;
    /** Every connection opened, in order (a test closes one to play a crashed runtime). */
    final List<KubeApi> connections = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<KubernetesPool> pools = new ArrayList<>();
    private int n;

    /** @param kubeconfig points at the mock; further defaults as key, value pairs */
    TestPools(Path kubeconfig, String... defaults) {
        Map<String, String> d = new LinkedHashMap<>(KubernetesSettings.DEFAULTS);
        d.put("kubeconfig_path", kubeconfig.toString());
        d.put("max_output_bytes", Integer.toString(MockCluster.LOG_LIMIT));
        d.put("api_qps", "1000");
        d.put("api_burst", "1000");
        for (int i = 0; i < defaults.length; i += 2) {
            d.put(defaults[i], defaults[i + 1]);
        }
        provider = new KubernetesPoolProvider(d, (s, bucket) -> {
            KubeApi api = KubeClients.connect(s, bucket);
            connections.add(api);
            return api;
        }, requests::add);
    }

    /** @return a new pool, not started, with a fresh id unless one is given */
    KubernetesPool create(PoolConfig config, String id) {
        KubernetesPool p = (KubernetesPool) provider.create(new Context(
                id != null ? id : "kubernetes_" + String.format("%012x", ++n), config));
        pools.add(p);
        return p;
    }

    /** @return a started pool of type kubernetes with these workers and extra config pairs */
    KubernetesPool started(int maxWorkers, String... extra) throws Exception {
        PoolConfig.Builder b = PoolConfig.builder().poolType("kubernetes").workerType("job").minWorkers(0)
                .maxWorkers(maxWorkers);
        for (int i = 0; i < extra.length; i += 2) {
            b.extra(extra[i], extra[i + 1]);
        }
        KubernetesPool p = create(b.build(), null);
        await(p.start());
        return p;
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        for (KubernetesPool p : pools) {
            await(p.stop());
        }
        provider.deactivate();
    }
}

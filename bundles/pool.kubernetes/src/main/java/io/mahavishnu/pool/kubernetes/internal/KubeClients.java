package io.mahavishnu.pool.kubernetes.internal;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Connects a pool to its API server. The configuration comes from the first of: {@code kubeconfig_path}; the
 * kubeconfig files of {@code KUBECONFIG} (or the {@code kubeconfig} system property) or {@code ~/.kube/config};
 * the in-cluster service account. The client uses the JDK HTTP client and the pool's token bucket.
 */
final class KubeClients {

    /** Retries of one request by fabric8 (on connection errors and 5xx); its default of 10 hides an outage. */
    private static final int REQUEST_RETRIES = 2;
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;

    private KubeClients() {
    }

    /**
     * @param s      the pool's settings
     * @param bucket the pool's rate limit
     * @return a client; nothing is sent yet
     * @throws KubeApiException if no configuration is found or it cannot be read
     */
    static KubeApi connect(KubernetesSettings s, TokenBucket bucket) {
        Config config;
        String source;
        try {
            if (!s.kubeconfigPath().isEmpty()) {
                Path path = Path.of(s.kubeconfigPath());
                if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                    throw new KubeApiException(0, "kubeconfig_path '" + path + "' is not a readable file", null);
                }
                config = Config.fromKubeconfig(path.toFile());
                source = "kubeconfig_path " + path;
            } else {
                config = Config.autoConfigure(null);
                if (config.getFile() != null) {
                    source = "kubeconfig " + config.getFile();
                } else if (System.getenv("KUBERNETES_SERVICE_HOST") != null) {
                    source = "in-cluster service account";
                } else {
                    throw new KubeApiException(0, "no Kubernetes configuration found: set kubeconfig_path (in "
                            + "etc/io.mahavishnu.pool.kubernetes.cfg or the pool's extra_config), set KUBECONFIG or "
                            + "create ~/.kube/config, or run the runtime inside the cluster", null);
                }
            }
        } catch (RuntimeException e) {
            if (e instanceof KubeApiException k) {
                throw k;
            }
            throw new KubeApiException(0, "cannot read the Kubernetes configuration: " + e.getMessage(), e);
        }
        config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        // fabric8 finds parts of itself through ServiceLoader on the context class loader: make it fabric8's own.
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(KubernetesClientBuilder.class.getClassLoader());
        KubernetesClient client;
        try {
            client = new KubernetesClientBuilder().withConfig(config)
                    .withHttpClientFactory(new JdkHttpClientFactory())
                    .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(RateLimitInterceptor.NAME,
                            new RateLimitInterceptor(bucket)))
                    .build();
        } finally {
            t.setContextClassLoader(previous);
        }
        return new Fabric8KubeApi(client, s.namespace(), config.getMasterUrl() + " (" + source + ", namespace "
                + s.namespace() + ")");
    }
}

package io.mahavishnu.itests.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * Host side of the Kubernetes IT: fabric8's mock API server in CRUD mode, and a kubeconfig file pointing at it.
 * Kept out of the test class because Pax Exam loads the test class inside the framework, where these types do not
 * exist; only the {@code @Configuration} method, which runs on the host, calls it.
 */
public final class MockApiServer {

    private static KubernetesMockServer server;
    private static Path kubeconfig;

    private MockApiServer() {
    }

    /** Starts the server once (it lives until the test JVM exits) and returns the kubeconfig file. */
    public static synchronized Path start(Path workdir) {
        if (server == null) {
            Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
            server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                    new KubernetesMixedDispatcher(responses), false);
            server.init();
            Runtime.getRuntime().addShutdownHook(new Thread(server::destroy, "mock-api-server-stop"));
            try {
                Files.createDirectories(workdir);
                kubeconfig = workdir.resolve("kubeconfig");
                Files.writeString(kubeconfig, String.join("\n",
                        "apiVersion: v1", "kind: Config", "current-context: mock",
                        "clusters:", "- name: mock", "  cluster:", "    server: " + url(),
                        "contexts:", "- name: mock", "  context:", "    cluster: mock", "    user: tester",
                        "users:", "- name: tester", "  user:", "    token: secret", ""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return kubeconfig;
    }

    /** @return a client of the server, on the host */
    public static io.fabric8.kubernetes.client.KubernetesClient client() {
        return server.createClient();
    }

    /** Serves a pod's log as the kubelet would (the pool asks for at most this many bytes). */
    public static void log(String namespace, String pod, int limitBytes, String log) {
        server.expect().get().withPath("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?limitBytes="
                + limitBytes).andReturn(200, log).always();
    }

    /** @return the server's base URL, e.g. {@code http://localhost:41234} */
    public static String url() {
        return server.url("/").replaceAll("/$", "");
    }
}

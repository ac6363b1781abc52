package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.pool.PoolConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The product feature with the monitoring endpoints on the MCP server's port; plain HTTP helpers. */
public abstract class MonitorTestSupport extends McpTestSupport {

    protected final HttpClient http = HttpClient.newHttpClient();

    protected HttpResponse<String> get(String path, Map<String, String> headers) throws IOException,
            InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> post(String path, String contentType, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType);
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits (bounded) until the monitor's servlets answer: the HTTP server starts after the bundles. */
    protected void awaitMonitor(Map<String, String> headers) throws InterruptedException {
        eventually("the metrics endpoint answers", () -> {
            try {
                return get("/metrics", headers).statusCode() != 404;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    protected PrometheusText scrape(Map<String, String> headers) throws Exception {
        HttpResponse<String> r = get("/metrics", headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/plain").contains("version=0.0.4"));
        return new PrometheusText(r.body());
    }

    protected PoolInfo spawn(String name) throws Exception {
        return await(manager().spawn(PoolConfig.builder().name(name).workerType("noop").minWorkers(1)
                .maxWorkers(4).build()));
    }
}

package io.mahavishnu.itests.fakes;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Switches the fakes from anywhere (tests inside the framework too): JDK HTTP and Jackson only, no host classes.
 */
public final class FakeControlClient {

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FakeControlClient(String base) {
        this.base = base;
    }

    /** @param fake session-buddy or akosha; @param action ok, fail, hang, slow, down or up */
    public void set(String fake, String action) throws Exception {
        send(fake, action, "POST");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> state(String fake) throws Exception {
        return new ObjectMapper().readValue(send(fake, "state", "GET"), Map.class);
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String fake, String key) throws Exception {
        return (List<String>) state(fake).get(key);
    }

    private String send(String fake, String action, String method) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/" + fake + "/" + action))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("fake control " + fake + "/" + action + ": " + r.body());
        }
        return r.body();
    }
}

package io.mahavishnu.examples.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolContext;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.pool.ValidationException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook pool against a small HTTP server on a free loopback port. */
class WebhookPoolTest {

    private static final long WAIT = 10;

    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
    /** Requests with prompt "hold" wait for this latch before answering. */
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private BasePool pool;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (pool != null) {
            pool.stop().toCompletableFuture().join();
        }
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        JsonNode body = json.readTree(exchange.getRequestBody());
        received.add(body);
        String prompt = body.path("prompt").asText();
        arrivals.add(prompt);
        int status = 200;
        String reply = "echo: " + prompt;
        if (prompt.equals("hold")) {
            try {
                release.await(WAIT, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (prompt.equals("boom")) {
            status = 503;
            reply = "service unavailable";
        } else if (prompt.equals("big")) {
            reply = "x".repeat(100);
        }
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, bytes.length);
            out.write(bytes);
        } catch (IOException e) {
            // the client aborted the request
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private BasePool pool(int workers, Map<String, String> extra) {
        PoolConfig config = PoolConfig.builder().poolType("webhook").minWorkers(workers).maxWorkers(4)
                .extra("url", url()).extraConfig(extra).build();
        pool = new WebhookPoolProvider().create(new PoolContext() {
            public String poolId() { return "webhook_test"; }
            public PoolConfig config() { return config; }
            public void stateChanged() { }
        });
        pool.start().toCompletableFuture().join();
        return pool;
    }

    private static TaskResult await(java.util.concurrent.CompletionStage<TaskResult> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
    }

    @Test
    void postsTheTaskAsJsonAndReturnsTheResponseBodyAsOutput() throws Exception {
        BasePool p = pool(1, Map.of("authorization", "Bearer s3cret"));
        Task task = Task.builder().prompt("hello \"world\"").command("a", "b").priority(7)
                .attribute("repo", "/src/app").build();

        TaskResult result = await(p.execute(task));

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(result.output()).isEqualTo("echo: hello \"world\"");
        assertThat(result.workerId()).isEqualTo("webhook_test-w1");
        assertThat(result.metadata()).containsEntry("http_status", 200);
        JsonNode sent = received.poll(WAIT, TimeUnit.SECONDS);
        assertThat(sent.path("task_id").asText()).isEqualTo(task.id());
        assertThat(sent.path("pool_id").asText()).isEqualTo("webhook_test");
        assertThat(sent.path("command").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(sent.path("priority").asInt()).isEqualTo(7);
        assertThat(sent.path("timeout_seconds").asLong()).isEqualTo(300);
        assertThat(sent.path("attributes").path("repo").asText()).isEqualTo("/src/app");
    }

    @Test
    void anErrorStatusIsAFailedResultNamingTheStatus() throws Exception {
        TaskResult result = await(pool(1, Map.of()).execute(Task.ofPrompt("boom")));
        assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(result.error()).isEqualTo("webhook answered HTTP 503: service unavailable");
        assertThat(result.metadata()).containsEntry("http_status", 503);
    }

    @Test
    void outputIsCutAtTheConfiguredSizeAndFlagged() throws Exception {
        TaskResult result = await(pool(1, Map.of("max_output_bytes", "10")).execute(Task.ofPrompt("big")));
        assertThat(result.output()).isEqualTo("x".repeat(10));
        assertThat(result.outputTruncated()).isTrue();
    }

    @Test
    void aTaskThatGetsNoAnswerWithinItsTimeoutTimesOut() throws Exception {
        TaskResult result = await(pool(1, Map.of()).execute(Task.builder().prompt("hold").timeoutSeconds(1).build()));
        assertThat(result.status()).isEqualTo(TaskStatus.TIMEOUT);
        assertThat(result.error()).contains("within the task's timeout of 1 s");
    }

    @Test
    void anUnreachableWebhookIsAFailedResult() throws Exception {
        BasePool p = pool(1, Map.of());
        server.stop(0);
        TaskResult result = await(p.execute(Task.ofPrompt("anyone?")));
        assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(result.error()).contains("could not connect to " + url());
    }

    @Test
    void tasksBeyondTheWorkersWaitHighestPriorityFirst() throws Exception {
        BasePool p = pool(1, Map.of());
        CompletableFuture<TaskResult> hold = p.execute(Task.ofPrompt("hold")).toCompletableFuture();
        assertThat(arrivals.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("hold");
        CompletableFuture<TaskResult> low = p.execute(Task.builder().prompt("low").priority(1).build())
                .toCompletableFuture();
        CompletableFuture<TaskResult> high = p.execute(Task.builder().prompt("high").priority(9).build())
                .toCompletableFuture();
        assertThat(p.metrics().activeWorkers()).isEqualTo(1);
        assertThat(p.metrics().queued()).isEqualTo(2);

        release.countDown();

        assertThat(await(hold).output()).isEqualTo("echo: hold");
        assertThat(arrivals.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("high");
        assertThat(arrivals.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("low");
        assertThat(await(low).isSuccess()).isTrue();
        assertThat(await(high).isSuccess()).isTrue();
    }

    @Test
    void cancellingARunningTaskAbortsItsRequestAndFreesTheWorker() throws Exception {
        BasePool p = pool(1, Map.of());
        CompletableFuture<TaskResult> hold = p.execute(Task.ofPrompt("hold")).toCompletableFuture();
        assertThat(arrivals.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("hold");

        hold.cancel(true);

        assertThat(await(p.execute(Task.ofPrompt("next"))).output()).isEqualTo("echo: next");
        assertThat(p.metrics().activeWorkers()).isZero();
    }

    @Test
    void cancellingAWaitingTaskRemovesItFromTheQueue() throws Exception {
        BasePool p = pool(1, Map.of());
        CompletableFuture<TaskResult> hold = p.execute(Task.ofPrompt("hold")).toCompletableFuture();
        assertThat(arrivals.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("hold");
        CompletableFuture<TaskResult> waiting = p.execute(Task.ofPrompt("never sent")).toCompletableFuture();
        assertThat(p.metrics().queued()).isEqualTo(1);

        waiting.cancel(true);

        assertThat(p.metrics().queued()).isZero();
        release.countDown();
        assertThat(await(hold).isSuccess()).isTrue();
        assertThat(await(p.execute(Task.ofPrompt("after"))).isSuccess()).isTrue();
        assertThat(arrivals).doesNotContain("never sent");
    }

    @Test
    void stoppingThePoolEndsRunningAndWaitingTasksAsCancelled() throws Exception {
        BasePool p = pool(1, Map.of());
        CompletableFuture<TaskResult> hold = p.execute(Task.ofPrompt("hold")).toCompletableFuture();
        assertThat(arrivals.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("hold");
        CompletableFuture<TaskResult> waiting = p.execute(Task.ofPrompt("waiting")).toCompletableFuture();

        p.stop().toCompletableFuture().get(WAIT, TimeUnit.SECONDS);

        assertThat(await(hold).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(await(waiting).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(await(hold).error()).isEqualTo("webhook pool webhook_test stopped");
        assertThat(p.status()).isEqualTo(PoolStatus.STOPPED);
        assertThat(p.execute(Task.ofPrompt("late")).toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void scalingChangesHowManyRequestsRunAtOnce() throws Exception {
        BasePool p = pool(1, Map.of());
        p.scale(2).toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
        CompletableFuture<TaskResult> a = p.execute(Task.ofPrompt("hold")).toCompletableFuture();
        CompletableFuture<TaskResult> b = p.execute(Task.ofPrompt("hold")).toCompletableFuture();
        assertThat(arrivals.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("hold");
        assertThat(arrivals.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("hold");
        assertThat(p.metrics().totalWorkers()).isEqualTo(2);
        release.countDown();
        assertThat(await(a).isSuccess()).isTrue();
        assertThat(await(b).isSuccess()).isTrue();
        assertThat(p.scale(9).toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void badOptionsAreRejectedAtSpawnNamingTheOption() {
        assertThatThrownBy(() -> WebhookSettings.from(PoolConfig.builder().poolType("webhook").build()))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("extra_config.url is required");
        assertThatThrownBy(() -> WebhookSettings.from(PoolConfig.builder().poolType("webhook")
                .extra("url", "ftp://host/x").build()))
                .hasMessage("extra_config.url must be an http or https URL with a host (got: 'ftp://host/x')");
        assertThatThrownBy(() -> WebhookSettings.from(PoolConfig.builder().poolType("webhook")
                .extra("url", "http://h/x").extra("connect_timeout_seconds", "0").build()))
                .hasMessage("extra_config.connect_timeout_seconds must be between 1 and 300 (got: 0)");
        assertThat(WebhookSettings.from(PoolConfig.builder().poolType("webhook").extra("url", "http://h/x")
                .extra("authorization", "Bearer s3cret").build()).toString()).doesNotContain("s3cret");
    }
}

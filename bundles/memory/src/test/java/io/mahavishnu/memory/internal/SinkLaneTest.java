package io.mahavishnu.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.memory.MemoryItem;
import io.mahavishnu.api.memory.MemorySink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkLaneTest {

    @TempDir
    Path dir;

    private Outbox outbox;
    private SinkLane lane;

    /** A receiver that records calls and fails (or hangs) for the items its switches select. */
    static final class Receiver implements MemorySink {
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        volatile Predicate<MemoryItem> fails = i -> false;
        volatile boolean hang;

        @Override
        public CompletionStage<Void> deliver(List<MemoryItem> items) {
            if (hang) {
                return new CompletableFuture<>();
            }
            for (MemoryItem i : items) {
                if (fails.test(i)) {
                    return CompletableFuture.failedFuture(new IllegalStateException("HTTP 503 for " + i.id()));
                }
            }
            items.forEach(i -> received.add(i.id()));
            return CompletableFuture.completedFuture(null);
        }
    }

    private Receiver start(int threshold, int maxAttempts, Duration timeout, int batch) {
        MemorySettings s = TestSettings.of(dir.resolve("o.mv.db"), threshold, maxAttempts, timeout);
        outbox = Outbox.open(dir.resolve("o.mv.db"));
        lane = new SinkLane("sb", outbox, () -> s, System::currentTimeMillis);
        Receiver r = new Receiver();
        lane.sink(r, batch);
        lane.start();
        return r;
    }

    private void add(int from, int to) {
        List<MemoryItem> items = new ArrayList<>();
        for (int i = from; i < to; i++) {
            items.add(OutboxTest.item("p", i, "item " + i));
        }
        outbox.append("p", items, Integer.toString(to), List.of("sb"), System.currentTimeMillis());
    }

    private int pass() throws Exception {
        return lane.pass().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        if (lane != null) {
            lane.stop(5000);
        }
        if (outbox != null) {
            outbox.close();
        }
    }

    @Test
    void deliversEveryItemOnceInOrderAndMarksItDelivered() throws Exception {
        Receiver r = start(3, 5, Duration.ofSeconds(5), 4);
        add(0, 10);
        assertThat(pass()).isEqualTo(10);
        assertThat(r.received).containsExactly("p:0", "p:1", "p:2", "p:3", "p:4", "p:5", "p:6", "p:7", "p:8", "p:9");
        assertThat(outbox.counts("sb", Set.of())).isEqualTo(new Outbox.Counts(0, 10, 0));
        assertThat(lane.breakerState()).isEqualTo("closed");
    }

    @Test
    void anUnavailableSinkOpensTheBreakerParksNothingAndGetsEverythingOnceWhenBack() throws Exception {
        Receiver r = start(2, 2, Duration.ofSeconds(5), 20);
        r.fails = i -> true;
        add(0, 5);
        // A pass delivers what is due: the items are retried after a backoff of 5..20 ms, so passes go on (bounded)
        // until the second failure opens the breaker.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lane.breakerState().equals("closed") && System.nanoTime() < deadline) {
            assertThat(pass()).isZero();
            TimeUnit.MILLISECONDS.sleep(5);
        }
        assertThat(lane.breakerState()).isIn("open", "half_open");
        assertThat(lane.lastError()).contains("503");
        assertThat(outbox.counts("sb", Set.of())).isEqualTo(new Outbox.Counts(5, 0, 0));
        r.fails = i -> false;
        int delivered = 0;
        for (int i = 0; i < 10 && delivered < 5; i++) {
            delivered += pass();
        }
        assertThat(delivered).isEqualTo(5);
        assertThat(r.received).containsExactlyInAnyOrder("p:0", "p:1", "p:2", "p:3", "p:4");
        assertThat(lane.breakerState()).isEqualTo("closed");
        assertThat(lane.lastError()).isNull();
    }

    @Test
    void anItemThatKeepsFailingWhileOthersGoThroughIsParkedAndTheOthersAreDelivered() throws Exception {
        Receiver r = start(100, 2, Duration.ofSeconds(5), 20);
        r.fails = i -> i.id().equals("p:2");
        add(0, 6);
        for (int i = 0; i < 50 && outbox.counts("sb", Set.of()).parked() == 0; i++) {
            pass();
            add(10 + i, 11 + i); // others keep flowing, which is what makes p:2 the suspect
        }
        assertThat(outbox.parked("sb", 10)).extracting(p -> p.item().id()).containsExactly("p:2");
        assertThat(r.received).contains("p:0", "p:1", "p:3", "p:4", "p:5").doesNotContain("p:2");
        assertThat(outbox.counts("sb", Set.of()).pending()).isLessThanOrEqualTo(1);
    }

    @Test
    void anItemTheSinkAlwaysRefusesDoesNotKeepTheBreakerOpenForTheOthers() throws Exception {
        // The breaker opens at the first failure, so every attempt after one is a probe: a probe with the refused
        // item would fail and open it again, for ever, with the other items waiting behind it.
        Receiver r = start(1, 2, Duration.ofSeconds(5), 20);
        r.fails = i -> i.id().equals("p:0");
        add(0, 1);
        assertThat(pass()).isZero();
        assertThat(lane.breakerState()).isIn("open", "half_open");
        add(1, 6);
        for (int i = 0; i < 50 && (r.received.size() < 5 || outbox.counts("sb", Set.of()).parked() == 0); i++) {
            pass();
            add(10 + i, 11 + i);
        }
        assertThat(r.received).contains("p:1", "p:2", "p:3", "p:4", "p:5").doesNotContain("p:0");
        assertThat(outbox.parked("sb", 10)).extracting(p -> p.item().id()).containsExactly("p:0");
    }

    @Test
    void aHangingSinkTimesOutAndLeavesTheItemsPending() throws Exception {
        Receiver r = start(1, 5, Duration.ofSeconds(1), 20);
        r.hang = true;
        add(0, 3);
        assertThat(pass()).isZero();
        assertThat(lane.lastError()).contains("no answer within 1000 ms");
        assertThat(outbox.counts("sb", Set.of()).pending()).isEqualTo(3);
        r.hang = false;
        int delivered = 0;
        for (int i = 0; i < 10 && delivered < 3; i++) {
            delivered += pass();
        }
        assertThat(r.received).containsExactlyInAnyOrder("p:0", "p:1", "p:2");
    }

    @Test
    void backoffDoublesUpToTheMaximumWithJitter() {
        MemorySettings s = TestSettings.of(dir.resolve("x"), 1, 1, Duration.ofSeconds(1));
        assertThat(SinkLane.backoff(1, s)).isBetween(5L, 10L);
        assertThat(SinkLane.backoff(2, s)).isBetween(10L, 20L);
        assertThat(SinkLane.backoff(40, s)).isBetween(10L, 20L);
    }
}

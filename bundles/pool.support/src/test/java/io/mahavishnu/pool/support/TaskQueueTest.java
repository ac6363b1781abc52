package io.mahavishnu.pool.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskQueueTest {

    private static final long MS = 1_000_000L;

    private static List<String> drainByPoll(TaskQueue<String> q) {
        List<String> out = new ArrayList<>();
        for (String s; (s = q.poll()) != null; ) {
            out.add(s);
        }
        return out;
    }

    @Test
    void higherPriorityFirstThenArrivalOrder() {
        TaskQueue<String> q = new TaskQueue<>(0);
        q.add("p4-a", 4, 0, 1000 * MS);
        q.add("p9", 9, 0, 1000 * MS);
        q.add("p4-b", 4, 0, 1000 * MS);
        q.add("p0", 0, 0, 1000 * MS);
        q.add("p4-c", 4, 0, 1000 * MS);

        assertThat(drainByPoll(q)).containsExactly("p9", "p4-a", "p4-b", "p4-c", "p0");
    }

    @Test
    void waitingTasksAgeOneLevelPerInterval() {
        TaskQueue<String> q = new TaskQueue<>(0);
        long aging = 10 * MS;
        q.add("p0-at-0", 0, 0, aging);
        q.add("p9-at-89ms", 9, 89 * MS, aging);   // within 9 intervals: overtakes (key -1 ms)
        q.add("p9-at-90ms", 9, 90 * MS, aging);   // exactly 9 intervals: tie, the earlier arrival wins
        q.add("p9-at-91ms", 9, 91 * MS, aging);   // later: may not overtake
        q.add("p1-at-5ms", 1, 5 * MS, aging);     // half an interval after p0: overtakes it (key -5 ms)

        assertThat(drainByPoll(q)).containsExactly("p1-at-5ms", "p9-at-89ms", "p0-at-0", "p9-at-90ms", "p9-at-91ms");
    }

    @Test
    void removeTakesOutOneEntry() {
        TaskQueue<String> q = new TaskQueue<>(0);
        q.add("a", 4, 0, MS);
        TaskQueue.Entry<String> b = q.add("b", 4, 1, MS);
        q.add("c", 4, 2, MS);

        assertThat(q.remove(b)).isTrue();
        assertThat(q.remove(b)).isFalse();
        assertThat(q.size()).isEqualTo(2);
        assertThat(q.drain()).containsExactly("a", "c");
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void worksWithAnyNanoTimeOrigin() {
        long origin = Long.MAX_VALUE - 5 * MS; // nanoTime may be close to overflow
        TaskQueue<String> q = new TaskQueue<>(origin);
        q.add("first", 0, origin + 4 * MS, 1000 * MS);
        q.add("second", 0, origin + 10 * MS, 1000 * MS); // wrapped past Long.MAX_VALUE

        assertThat(drainByPoll(q)).containsExactly("first", "second");
    }
}

package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.bus.BusRejectedException;
import io.mahavishnu.api.bus.BusStats;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.bus.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The message bus as deployed: configured through ConfigAdmin, refusing explicitly when a queue is full. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MessageBusIT extends RuntimeTestSupport {

    @Test
    public void aFullQueueRejectsVisiblyAndTheBusCountsIt() throws Exception {
        MessageBus bus = service(MessageBus.class);
        configure("io.mahavishnu.bus", "max_queue_size", 3, "bus_transport", "local");
        eventually("the bus applies max_queue_size=3", () -> bus.stats().maxQueueSize() == 3);

        CompletableFuture<Message> seen = new CompletableFuture<>();
        try (Subscription sub = bus.subscribe(Set.of(MessageType.TASK_DELEGATE), seen::complete)) {
            for (int i = 0; i < 3; i++) {
                bus.publish(Message.of(MessageType.TASK_DELEGATE, "pool_src", "pool_dst", Map.of("n", i)));
            }
            assertThat(seen.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).targetPoolId()).isEqualTo("pool_dst");
            assertThatThrownBy(() -> bus.publish(
                    Message.of(MessageType.TASK_DELEGATE, "pool_src", "pool_dst", Map.of("n", 3))))
                    .isInstanceOf(BusRejectedException.class)
                    .hasMessageContaining("pool_dst").hasMessageContaining("max_queue_size=3");
        }

        BusStats stats = bus.stats();
        assertThat(stats.rejected()).isEqualTo(1);
        assertThat(stats.queueSizes()).containsEntry("pool_dst", 3);
        List<Message> taken = bus.receiveBatch("pool_dst", 10, Duration.ofSeconds(1));
        assertThat(taken).extracting(m -> m.payload().get("n")).containsExactly(0, 1, 2);
        assertThat(bus.removeQueue("pool_dst")).isZero();
        assertThat(bus.stats().queueSizes()).doesNotContainKey("pool_dst");
    }
}

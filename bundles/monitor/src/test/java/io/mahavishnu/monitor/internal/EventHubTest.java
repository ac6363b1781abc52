package io.mahavishnu.monitor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.manager.PoolEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventHubTest {

    private final List<PoolEvent> observed = new ArrayList<>();
    private final EventHub hub = new EventHub(new ObjectMapper(), 10, observed::add, 0);

    private static PoolEvent event(long seq, String type) {
        return new PoolEvent(seq, type, "p1", null, Instant.parse("2026-01-01T00:00:00Z"), Map.of("workers", 2));
    }

    @Test
    void aClientResumesAfterItsLastEventIdAcrossBothIdSpaces() {
        hub.onEvent(event(1, PoolEvent.POOL_SPAWNED));
        hub.onMessage(Message.of(MessageType.POOL_CREATED, "p1", null, Map.of("pool_id", "p1")));
        hub.onEvent(event(2, PoolEvent.POOL_SCALED));
        assertThat(hub.backlog("1").entries()).extracting(StreamEntry::id).containsExactly("bus-1", "2");
        assertThat(hub.backlog("bus-1").entries()).extracting(StreamEntry::id).containsExactly("2");
        assertThat(hub.backlog("2").entries()).isEmpty();
        assertThat(hub.backlog(null).resetReason()).isNull();
        assertThat(observed).hasSize(2);
        assertThat(hub.lastEventId()).isEqualTo("2");
    }

    @Test
    void anIdOlderThanTheHistoryAsksTheClientToReload() {
        for (long seq = 1; seq <= 25; seq++) {
            hub.onEvent(event(seq, PoolEvent.TASK_ASSIGNED));
        }
        EventHub.Backlog tooOld = hub.backlog("3");
        assertThat(tooOld.resetReason()).contains("older than the 10 events kept");
        assertThat(hub.backlog("20").entries()).extracting(StreamEntry::id)
                .containsExactly("21", "22", "23", "24", "25");
        assertThat(new EventHub(new ObjectMapper(), 10, e -> { }).backlog("7").resetReason()).contains("restarted");
    }

    @Test
    void framesCarryIdEventAndOneLineOfJsonAndGapsAreCounted() {
        hub.onEvent(event(5, PoolEvent.POOL_SPAWNED));
        hub.onEvent(event(9, PoolEvent.POOL_CLOSED));
        StreamEntry last = hub.recent(1, true).get(0);
        assertThat(new String(last.frame(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("id: 9\n"
                + "event: pool.closed\ndata: {\"seq\":9,\"type\":\"pool.closed\",\"pool_id\":\"p1\",\"task_id\":null,"
                + "\"at\":\"2026-01-01T00:00:00Z\",\"data\":{\"workers\":2}}\n\n");
        assertThat(hub.missedEvents()).isEqualTo(3);
        assertThat(hub.eventsByType()).containsEntry("pool.closed", 1L).containsEntry("pool.spawned", 1L);
    }

    @Test
    void recentEventsCanLeaveOutBusMessages() {
        hub.onEvent(event(1, PoolEvent.POOL_SPAWNED));
        hub.onMessage(Message.of(MessageType.HEARTBEAT, null, null, Map.of()));
        assertThat(hub.recent(10, false)).extracting(StreamEntry::event).containsExactly("pool.spawned");
        assertThat(hub.recent(10, true)).extracting(StreamEntry::event).containsExactly("pool.spawned",
                "bus.heartbeat");
    }
}

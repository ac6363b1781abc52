package io.mahavishnu.monitor.internal;

import java.nio.charset.StandardCharsets;

/**
 * One event of the stream, encoded once as a server-sent-event frame and shared by every client.
 *
 * @param id    the SSE id: the pool event's seq, or {@code bus-<n>} for bus messages
 * @param event the SSE event name ({@code pool.spawned}, …, {@code bus.task_completed})
 * @param json  the data, one line of JSON
 * @param bus   whether it is a bus message
 * @param frame the encoded frame
 */
record StreamEntry(String id, String event, String json, boolean bus, byte[] frame) {

    /** Prefix of bus message ids, a separate id space from the pool events' seq numbers. */
    static final String BUS_PREFIX = "bus-";

    static StreamEntry of(String id, String event, String json, boolean bus) {
        // JSON from Jackson has no raw line breaks, so one data line carries it.
        String frame = "id: " + id + "\nevent: " + event + "\ndata: " + json + "\n\n";
        return new StreamEntry(id, event, json, bus, frame.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a frame without id (so it does not move the client's Last-Event-ID) */
    static byte[] control(String event, String json) {
        return ("event: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}

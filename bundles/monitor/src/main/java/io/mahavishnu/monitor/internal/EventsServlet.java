package io.mahavishnu.monitor.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * {@code GET /events}: the server-sent event stream. Asynchronous: the request thread returns at once, and frames
 * are written without blocking by {@link SseClient}. A client resumes with the standard {@code Last-Event-ID}
 * header, or on its first connection with the {@code last_event_id} query parameter (e.g. the id a page read with
 * its initial state); {@code bus=false} leaves out bus messages.
 */
final class EventsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient EventHub hub;
    private final transient MonitorSettings settings;
    private final transient Executor writer;
    private final transient JsonResponses json;

    EventsServlet(EventHub hub, MonitorSettings settings, Executor writer, JsonResponses json) {
        this.hub = hub;
        this.settings = settings;
        this.writer = writer;
        this.json = json;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (hub.clientCount() >= settings.maxClients()) {
            res.setHeader("Retry-After", "10");
            json.send(res, HttpServletResponse.SC_SERVICE_UNAVAILABLE, Map.of("status", "failed", "error",
                    "Too many event stream clients (max_clients=" + settings.maxClients()
                            + " in etc/io.mahavishnu.monitor.cfg); retry later"));
            return;
        }
        String lastEventId = req.getHeader("Last-Event-ID");
        if (lastEventId == null) {
            lastEventId = req.getParameter("last_event_id");
        }
        boolean bus = settings.busMessages() && !"false".equalsIgnoreCase(req.getParameter("bus"));

        res.setStatus(HttpServletResponse.SC_OK);
        res.setContentType("text/event-stream");
        res.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        ServletOutputStream out = res.getOutputStream();
        SseClient client = new SseClient(async, out, settings.clientBuffer(), bus, writer, hub::detach);
        async.addListener(client);
        // The reconnection delay browsers use, then the backlog or live events.
        client.offer("retry: 2000\n\n".getBytes(StandardCharsets.US_ASCII));
        out.setWriteListener(client);
        hub.attach(client, lastEventId);
    }
}

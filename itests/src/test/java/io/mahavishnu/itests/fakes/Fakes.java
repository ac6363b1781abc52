package io.mahavishnu.itests.fakes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Host-side test helper: a fake Session-Buddy and a fake Akosha on free loopback ports, plus a small control server
 * (JDK HTTP) through which tests running inside the framework switch them ({@link FakeControlClient}):
 * {@code POST /<name>/ok|fail|hang|slow|down|up|restart}, {@code GET /<name>/state}. Started once per JVM. A
 * restarted Session-Buddy has forgotten its workers, as a real one would.
 */
public final class Fakes {

    private static Fakes instance;

    public final FakeSessionBuddy sessionBuddy = new FakeSessionBuddy();
    public final FakeAkosha akosha = new FakeAkosha();
    public final FakeMcpServer sessionBuddyServer;
    public final FakeMcpServer akoshaServer;
    private final HttpServer control;

    private Fakes() throws Exception {
        sessionBuddyServer = new FakeMcpServer("session-buddy", freePort(), sessionBuddy::tools);
        akoshaServer = new FakeMcpServer("akosha", freePort(), akosha::tools);
        sessionBuddyServer.up();
        akoshaServer.up();
        control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        control.createContext("/", ex -> {
            String[] path = ex.getRequestURI().getPath().split("/");
            int status = 200;
            Object body;
            try {
                boolean isAkosha = "akosha".equals(path[1]);
                FakeMcpServer server = isAkosha ? akoshaServer : sessionBuddyServer;
                body = act(server, isAkosha ? akosha.state() : sessionBuddy.state(),
                        isAkosha ? () -> { } : sessionBuddy::forgetWorkers, path[2]);
            } catch (Exception e) {
                status = 500;
                body = Map.of("error", String.valueOf(e));
            }
            byte[] out = new ObjectMapper().writeValueAsBytes(body);
            ex.sendResponseHeaders(status, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        control.start();
    }

    private static Object act(FakeMcpServer server, Map<String, Object> state, Runnable forget, String action)
            throws Exception {
        switch (action) {
            case "state" -> {
                Map<String, Object> s = new java.util.LinkedHashMap<>(state);
                s.put("up", server.isUp());
                s.put("mode", server.mode().name().toLowerCase(java.util.Locale.ROOT));
                return s;
            }
            case "down" -> server.down();
            case "up" -> server.up();
            case "restart" -> {
                server.down();
                forget.run();
                server.up();
            }
            case "slow" -> server.mode(FakeMcpServer.Mode.SLOW, 300);
            default -> server.mode(FakeMcpServer.Mode.valueOf(action.toUpperCase(java.util.Locale.ROOT)), 0);
        }
        return Map.of("done", action);
    }

    /** @return the fakes of this JVM, started on first use */
    public static synchronized Fakes get() {
        if (instance == null) {
            try {
                instance = new Fakes();
            } catch (Exception e) {
                throw new IllegalStateException("fakes did not start: " + e, e);
            }
        }
        return instance;
    }

    /** Both fakes up and answering normally, as a test starts. */
    public void reset() throws Exception {
        sessionBuddyServer.up();
        sessionBuddyServer.mode(FakeMcpServer.Mode.OK, 0);
        akoshaServer.up();
        akoshaServer.mode(FakeMcpServer.Mode.OK, 0);
    }

    /** @return the control server's base URL */
    public String controlUrl() {
        return "http://127.0.0.1:" + control.getAddress().getPort();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

package io.mahavishnu.itests.fakes;

import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Host-side test helper: a real MCP server (MCP Java SDK, Streamable HTTP on Jetty) on a fixed loopback port that
 * can fail (HTTP 503), hang, answer slowly, go away ({@link #down()}) and come back ({@link #up()}, with a fresh
 * server that knows no old session, like a restarted process).
 */
public final class FakeMcpServer implements AutoCloseable {

    /** How the server answers MCP requests. */
    public enum Mode { OK, FAIL, HANG, SLOW }

    /** Longest a hanging request is held. */
    private static final long HANG_MILLIS = 120_000;

    private final String name;
    private final int port;
    private final Supplier<List<McpServerFeatures.SyncToolSpecification>> tools;
    private final Object hang = new Object();
    private volatile Mode mode = Mode.OK;
    private volatile long slowMillis = 200;
    private Server jetty;
    private McpSyncServer server;

    public FakeMcpServer(String name, int port, Supplier<List<McpServerFeatures.SyncToolSpecification>> tools) {
        this.name = name;
        this.port = port;
        this.tools = tools;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    public Mode mode() {
        return mode;
    }

    public void mode(Mode m, long slow) {
        slowMillis = slow;
        mode = m;
        synchronized (hang) {
            hang.notifyAll();
        }
    }

    public synchronized boolean isUp() {
        return jetty != null;
    }

    public synchronized void up() throws Exception {
        if (jetty != null) {
            return;
        }
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider
                .builder().jsonMapper(new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper()))
                .mcpEndpoint("/mcp").build();
        server = McpServer.sync(transport).serverInfo(name, "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tools.get()).build();
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setDaemon(true);
        threads.setName("fake-" + name);
        Server s = new Server(threads);
        org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(s);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setReuseAddress(true);
        s.addConnector(connector);
        ServletContextHandler ctx = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(new Switch(transport));
        holder.setAsyncSupported(true);
        ctx.addServlet(holder, "/mcp");
        ctx.addServlet(holder, "/mcp/*");
        s.setHandler(ctx);
        s.start();
        jetty = s;
    }

    /** Goes away: the port is closed, open connections break. */
    public synchronized void down() throws Exception {
        if (jetty == null) {
            return;
        }
        synchronized (hang) {
            hang.notifyAll();
        }
        try {
            server.close();
        } catch (RuntimeException e) {
            // going away anyway
        }
        jetty.stop();
        jetty = null;
    }

    @Override
    public void close() throws Exception {
        down();
    }

    /** Applies the mode in front of the SDK's servlet. */
    private final class Switch extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final HttpServletStreamableServerTransportProvider transport;

        Switch(HttpServletStreamableServerTransportProvider transport) {
            this.transport = transport;
        }

        @Override
        public void init(jakarta.servlet.ServletConfig config) throws jakarta.servlet.ServletException {
            super.init(config);
            transport.init(config);
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Mode m = mode;
            if (m == Mode.HANG && "POST".equals(req.getMethod())) {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANG_MILLIS);
                synchronized (hang) {
                    while (mode == Mode.HANG && isUp() && System.nanoTime() < deadline) {
                        try {
                            hang.wait(1000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                }
                m = Mode.FAIL;
            }
            if (m == Mode.FAIL) {
                resp.sendError(503, name + " is failing on purpose");
                return;
            }
            if (m == Mode.SLOW && "POST".equals(req.getMethod())) {
                try {
                    Thread.sleep(slowMillis); // simulates a slow server, nothing to wait for
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                transport.service(req, resp);
            } catch (jakarta.servlet.ServletException e) {
                throw new IOException(e);
            }
        }
    }
}

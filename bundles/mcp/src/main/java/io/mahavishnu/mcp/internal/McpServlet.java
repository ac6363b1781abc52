package io.mahavishnu.mcp.internal;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The servlet registered at the MCP path: {@link HttpGuard} first, then the SDK's Streamable HTTP transport. */
final class McpServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient HttpGuard guard;
    private final transient HttpServlet transport;

    McpServlet(HttpGuard guard, HttpServlet transport) {
        this.guard = guard;
        this.transport = transport;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        transport.init(config);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        HttpServletRequest admitted = guard.admit(req, res);
        if (admitted != null) {
            transport.service(admitted, res);
        }
    }

    /** The HTTP server may restart (e.g. on a port change); the MCP transport outlives it, so it is not closed here. */
    @Override
    public void destroy() {
        super.destroy();
    }
}

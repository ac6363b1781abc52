package io.mahavishnu.mcp.client;

import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/** Opens clients for remote MCP servers (an OSGi service). */
@ProviderType
public interface McpToolClients {

    /**
     * Creates a client; it connects on its first call, so an unreachable server is reported by the calls.
     *
     * @param url            the server's Streamable HTTP endpoint, e.g. {@code http://localhost:8678/mcp}
     * @param connectTimeout bound for opening a connection and for the MCP initialize handshake
     * @return the client; close it when done
     * @throws IllegalArgumentException if the URL is not an absolute http(s) URL
     */
    McpToolClient open(String url, Duration connectTimeout);
}

package io.mahavishnu.mcp.client.internal;

import io.mahavishnu.mcp.client.McpToolClient;
import io.mahavishnu.mcp.client.McpToolClients;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.McpJsonMapperSupplier;
import java.net.URI;
import java.time.Duration;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@link McpToolClients} service: SDK clients over Streamable HTTP with the runtime's JSON mapper. */
@Component(service = McpToolClients.class)
public class McpToolClientsImpl implements McpToolClients {

    private final McpJsonMapper json;
    private final String version;

    /**
     * DS constructor.
     *
     * @param json    the SDK's JSON mapper service
     * @param context names the client version in the MCP handshake
     */
    @Activate
    public McpToolClientsImpl(@Reference McpJsonMapperSupplier json, BundleContext context) {
        this(json.get(), context.getBundle().getVersion().toString());
    }

    McpToolClientsImpl(McpJsonMapper json, String version) {
        this.json = json;
        this.version = version;
    }

    @Override
    public McpToolClient open(String url, Duration connectTimeout) {
        URI uri = parse(url);
        return new SdkToolClient(uri, json, connectTimeout, version);
    }

    static URI parse(String url) {
        URI uri;
        try {
            uri = URI.create(url == null ? "" : url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + url + "' is not a valid URL: " + e.getMessage(), e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + url + "' is not an http(s) URL of an MCP endpoint "
                    + "(e.g. http://localhost:8678/mcp)");
        }
        return uri;
    }
}

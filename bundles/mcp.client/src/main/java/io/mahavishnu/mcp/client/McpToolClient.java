package io.mahavishnu.mcp.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A connection to one remote MCP server. Thread-safe. After a transport failure (server gone, restarted, timed out)
 * the next call opens a new session, so a server that comes back is used again without intervention.
 */
@ProviderType
public interface McpToolClient extends AutoCloseable {

    /**
     * Calls a tool.
     *
     * @param tool      the tool name
     * @param arguments its arguments (JSON-like values: strings, numbers, booleans, lists, maps)
     * @param timeout   bound for the whole call, including connecting
     * @return the tool's structured result, or the JSON object of its first text content, or {@code {text: ...}}
     *         when that is not JSON; exceptionally with {@link McpToolException}
     */
    CompletionStage<Map<String, Object>> call(String tool, Map<String, Object> arguments, Duration timeout);

    /** @return the server's endpoint */
    String url();

    /** Closes the session; calls afterwards fail. */
    @Override
    void close();
}

/**
 * Calling tools of remote MCP servers over Streamable HTTP: {@link io.mahavishnu.mcp.client.McpToolClients} opens a
 * {@link io.mahavishnu.mcp.client.McpToolClient} per server. Signatures use plain Java types only (no SDK, Reactor
 * or Jackson types), so pool types and memory sinks stay independent of the SDK's versions.
 */
@Export
@Version("1.0.0")
package io.mahavishnu.mcp.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

package io.mahavishnu.itests;

import org.junit.Test;

/**
 * An independent MCP client, the official TypeScript SDK (pinned in src/test/node/package-lock.json), against the
 * built distribution started as a user would ({@code bin/mahavishnu start}) on a free loopback port.
 * Needs {@code node} and {@code npm} on the PATH ({@code .ci/run} installs them).
 */
public class McpNodeClientIT {

    @Test
    public void theTypeScriptSdkClientDrivesThePoolTools() throws Exception {
        try (InstalledDistribution dist = new InstalledDistribution("node")) {
            dist.start("/mcp");
            dist.nodeCheck("node-client", dist.baseUrl() + "/mcp");
        }
    }
}

package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
            Path client = dist.nodeClient(Path.of(System.getProperty("mahavishnu.node.dir")),
                    List.of("package.json", "package-lock.json", "mcp-client-check.mjs"));
            dist.start("/mcp");
            Path out = dist.work.resolve("node-client.log");
            int rc = InstalledDistribution.run(client, out, "node", "mcp-client-check.mjs", dist.baseUrl() + "/mcp");
            String log = Files.readString(out);
            assertThat(log).as(log).contains("0 failed").doesNotContain("FAIL");
            assertThat(rc).as(log).isZero();
        }
    }
}

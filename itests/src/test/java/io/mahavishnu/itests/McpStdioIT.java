package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/**
 * A desktop MCP host's view: the official TypeScript SDK's stdio client (the one desktop hosts are built on) starts
 * {@code bin/mahavishnu mcp-stdio} of a copy of the built distribution as its server process, drives the pool tools
 * over stdin/stdout and closes the session. Nothing but protocol messages may reach the client: the runtime logs
 * to data/log only. Needs {@code node} and {@code npm} ({@code .ci/run} installs them).
 */
public class McpStdioIT {

    @Test
    public void aDesktopHostDrivesThePoolToolsOverStdio() throws Exception {
        try (InstalledDistribution dist = new InstalledDistribution("stdio")) {
            Path client = dist.nodeClient(Path.of(System.getProperty("mahavishnu.node.dir")),
                    List.of("package.json", "package-lock.json", "mcp-client-check.mjs"));
            Path out = dist.work.resolve("node-stdio-client.log");
            int rc = InstalledDistribution.run(client, out, "node", "mcp-client-check.mjs", "--stdio",
                    dist.home.resolve("bin/mahavishnu").toString(), "mcp-stdio");
            String log = Files.readString(out);
            assertThat(log).as(log).contains("0 failed").contains("ok   the server process writes nothing to stderr")
                    .doesNotContain("FAIL");
            assertThat(rc).as(log).isZero();
            Path runtimeLog = dist.home.resolve("data/log/mahavishnu.log");
            assertThat(Files.readString(runtimeLog)).contains("MCP server on stdio");
            // The session is over: the runtime it started is gone (its stdin closed, or the host ended it)
            Path pidFile = dist.home.resolve("data/mahavishnu.pid");
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            try {
                FederationIT.eventually("the runtime of the stdio session exits", () -> ProcessHandle.of(pid)
                        .map(p -> !p.isAlive()).orElse(true));
            } finally {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}

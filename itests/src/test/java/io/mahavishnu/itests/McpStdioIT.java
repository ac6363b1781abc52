package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
            String log = dist.nodeCheck("node-stdio-client", "--stdio",
                    dist.home.resolve("bin/mahavishnu").toString(), "mcp-stdio");
            assertThat(log).contains("ok   the server process writes nothing to stderr");
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

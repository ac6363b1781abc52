package io.mahavishnu.mcp.internal;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP over the process's standard streams, for desktop MCP hosts that start {@code bin/mahavishnu mcp-stdio}. The
 * streams are read and written through their file descriptors (0 and 1), which work for pipes and for the socket
 * pairs Node-based hosts hand over; the launcher has pointed {@code System.out} at stderr (the log) and emptied
 * {@code System.in} before the framework started, so no stray print or console can touch the protocol. When the
 * host closes the input, {@code onEnd} runs (the runtime stops).
 */
final class StdioEndpoint {

    /** Framework property: serve MCP over stdio. */
    static final String ENABLED = "mahavishnu.mcp.stdio";

    private static final Logger LOG = LoggerFactory.getLogger(StdioEndpoint.class);

    private StdioEndpoint() {
    }

    static StdioServerTransportProvider transport(McpJsonMapper json, Runnable onEnd) {
        InputStream in = new FileInputStream(FileDescriptor.in);
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        if (System.out != System.err) {
            System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true)); // not started by bin/
        }
        LOG.info("MCP server on stdio (standard input and output)");
        return new StdioServerTransportProvider(json, new EndAware(in, onEnd), out);
    }

    /** Runs a callback once when the stream ends. */
    private static final class EndAware extends FilterInputStream {
        private final Runnable onEnd;
        private boolean ended;

        EndAware(InputStream in, Runnable onEnd) {
            super(in);
            this.onEnd = onEnd;
        }

        @Override
        public int read() throws IOException {
            return check(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return check(super.read(b, off, len));
        }

        private int check(int n) {
            if (n == -1 && !ended) {
                ended = true;
                LOG.info("MCP client closed stdin; stopping");
                onEnd.run();
            }
            return n;
        }
    }
}

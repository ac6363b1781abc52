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
 * MCP over the process's standard streams, for desktop MCP hosts that start {@code bin/mahavishnu mcp-stdio}.
 * The launcher hands over the protocol streams as file paths ({@value #IN}, {@value #OUT}, e.g. {@code /dev/fd/4}
 * and {@code /dev/fd/3}) and points the JVM's own stdout at the log, so no stray print can corrupt the protocol.
 * Without those paths the real stdin/stdout are used and {@code System.out} is redirected to stderr. When the host
 * closes the input, {@code onEnd} runs (the runtime stops).
 */
final class StdioEndpoint {

    /** Framework property: serve MCP over stdio. */
    static final String ENABLED = "mahavishnu.mcp.stdio";
    /** Framework property: file to read the protocol from. */
    static final String IN = "mahavishnu.mcp.stdio.in";
    /** Framework property: file to write the protocol to. */
    static final String OUT = "mahavishnu.mcp.stdio.out";

    private static final Logger LOG = LoggerFactory.getLogger(StdioEndpoint.class);

    private StdioEndpoint() {
    }

    static StdioServerTransportProvider transport(McpJsonMapper json, String inPath, String outPath, Runnable onEnd)
            throws IOException {
        InputStream in;
        OutputStream out;
        if (inPath != null && outPath != null) {
            in = new FileInputStream(inPath);
            out = new FileOutputStream(outPath);
        } else {
            in = new FileInputStream(FileDescriptor.in);
            out = new FileOutputStream(FileDescriptor.out);
            System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        }
        LOG.info("MCP server on stdio (input {}, output {})", inPath == null ? "stdin" : inPath,
                outPath == null ? "stdout" : outPath);
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

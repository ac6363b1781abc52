package io.mahavishnu.mcp.client;

/** A tool call that did not produce a result, with the reason as a {@link Kind}. */
public class McpToolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the call failed. */
    public enum Kind {
        /** The server could not be reached, or the connection broke (including HTTP 5xx answers). */
        UNREACHABLE,
        /** No answer within the timeout. */
        TIMEOUT,
        /** The tool ran and reported an error ({@code isError}). */
        TOOL_ERROR,
        /** The server answered with something that is not a valid result. */
        PROTOCOL
    }

    private final Kind kind;

    /**
     * @param kind    why
     * @param message what happened, naming the server and tool
     * @param cause   the underlying error, may be null
     */
    public McpToolException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** @return why the call failed */
    public Kind kind() {
        return kind;
    }

    /** @return true if trying again later may succeed (the server was unreachable or slow) */
    public boolean transientFailure() {
        return kind == Kind.UNREACHABLE || kind == Kind.TIMEOUT;
    }
}

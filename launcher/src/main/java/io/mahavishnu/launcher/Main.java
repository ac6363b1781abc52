package io.mahavishnu.launcher;

/**
 * Starts the framework (Felix's launcher) with no context class loader on the main thread. Threads the framework
 * starts from here inherit it, and libraries that look up their own resources through the context class loader
 * (JLine's terminal providers, for the console's line editing and completion) then fall back to their bundle's
 * loader instead of the launcher's class path, where they would find nothing.
 */
public final class Main {

    private Main() {
    }

    /**
     * @param args passed to Felix's launcher
     * @throws Exception if the framework cannot start
     */
    public static void main(String[] args) throws Exception {
        if (Boolean.getBoolean(STDIO)) {
            // MCP on stdin/stdout for a desktop host: the protocol owns the process's standard streams (the MCP
            // bundle writes to and reads from the file descriptors themselves). From the first line on, whatever is
            // printed through System.out goes to stderr (the log) and nothing else can read stdin.
            System.setOut(System.err);
            System.setIn(java.io.InputStream.nullInputStream());
        }
        Thread.currentThread().setContextClassLoader(null);
        org.apache.felix.main.Main.main(args);
    }

    /** System property: the runtime serves MCP over stdio ({@code bin/mahavishnu mcp-stdio}). */
    static final String STDIO = "mahavishnu.mcp.stdio";
}

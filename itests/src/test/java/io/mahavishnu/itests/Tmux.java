package io.mahavishnu.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Host side: a terminal for a test, made by tmux on a private socket (never the user's tmux server): run a
 * command in a pseudo-terminal, type keys, read the screen.
 */
final class Tmux implements AutoCloseable {

    private static final String SESSION = "console";

    private final Path socket;
    private final Path dir;

    private Tmux(Path socket, Path dir) {
        this.socket = socket;
        this.dir = dir;
    }

    /** @return whether tmux is installed (.ci/run installs it) */
    static boolean available() {
        try {
            return Distribution.exec(Path.of("/"), List.of("tmux", "-V")).status() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * @param dir     working directory
     * @param command the command line the terminal runs
     * @return the terminal, 160 x 48
     */
    static Tmux start(Path dir, String command) throws Exception {
        // A socket path must be short (about 100 bytes): keep it in its own folder under the system temp folder.
        Path socketDir = Files.createTempDirectory("mvt");
        Tmux t = new Tmux(socketDir.resolve("s"), dir);
        Distribution.Result r = t.tmux("new-session", "-d", "-s", SESSION, "-x", "160", "-y", "48", command);
        if (r.status() != 0) {
            throw new IllegalStateException("tmux could not start '" + command + "': " + r.err());
        }
        return t;
    }

    /** Types keys; tmux key names such as {@code Tab}, {@code Enter}, {@code C-c}, {@code C-d} are keys. */
    void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types text literally (no key names). */
    void type(String text) throws Exception {
        tmux("send-keys", "-t", SESSION, "-l", text);
    }

    /** @return the screen and its scroll-back, as text */
    String screen() {
        try {
            return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", SESSION).out();
        } catch (Exception e) {
            return "";
        }
    }

    /** @return whether the terminal's command still runs */
    boolean alive() {
        try {
            return tmux("has-session", "-t", SESSION).status() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Waits until the screen contains {@code text}; fails with the screen if it never does. */
    void await(String text) throws InterruptedException {
        try {
            Distribution.eventually("the terminal shows '" + text + "'", () -> screen().contains(text));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the terminal shows:\n" + screen(), e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            tmux("kill-server");
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(socket.getParent());
        }
    }

    private Distribution.Result tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        cmd.addAll(List.of(args));
        return Distribution.exec(dir, cmd);
    }
}

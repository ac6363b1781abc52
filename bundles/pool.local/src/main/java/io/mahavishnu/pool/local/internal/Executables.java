package io.mahavishnu.pool.local.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Finds executables the way a shell would, without a shell: absolute paths as given, names on {@code PATH}. */
final class Executables {

    private Executables() {
    }

    /** @return true if {@code command} is a bare name (looked up on PATH), false if it is a path */
    static boolean isName(String command) {
        return command.indexOf('/') < 0;
    }

    /**
     * @param command a bare name or an absolute path
     * @return the executable file, absent if there is none (relative paths are never resolved)
     */
    static Optional<Path> find(String command) {
        if (command == null || command.isBlank()) {
            return Optional.empty();
        }
        try {
            if (!isName(command)) {
                Path p = Path.of(command);
                return p.isAbsolute() && runnable(p) ? Optional.of(p) : Optional.empty();
            }
            String path = System.getenv("PATH");
            if (path == null) {
                return Optional.empty();
            }
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue; // an empty entry means the working directory: never searched
                }
                Path p = Path.of(dir, command);
                if (runnable(p)) {
                    return Optional.of(p);
                }
            }
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** @return the real path (symbolic links resolved) of an executable, or the path itself if that fails */
    static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static boolean runnable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}

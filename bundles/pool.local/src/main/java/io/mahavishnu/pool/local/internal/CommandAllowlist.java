package io.mahavishnu.pool.local.internal;

import io.mahavishnu.api.pool.ValidationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The executables {@code process} workers may run ({@code command_allowlist}). Entries are names looked up on
 * PATH or absolute paths. A command is allowed when its name equals an entry or when both resolve to the same
 * file (symbolic links followed), so {@code /bin/sh} matches the entry {@code sh} when PATH finds the same file.
 */
final class CommandAllowlist {

    /** Outcome of a check: the file to run, or why not. */
    record Resolution(Path executable, String error) {
        boolean allowed() {
            return error == null;
        }
    }

    private final List<String> entries;

    private CommandAllowlist(List<String> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @param raw entries separated by commas or whitespace, may be null or empty
     * @return the allowlist
     * @throws ValidationException if an entry is a relative path
     */
    static CommandAllowlist parse(String raw) {
        List<String> out = new ArrayList<>();
        if (raw != null) {
            for (String entry : raw.trim().split("[,\\s]+")) {
                if (entry.isEmpty()) {
                    continue;
                }
                if (!Executables.isName(entry) && !Path.of(entry).isAbsolute()) {
                    throw new ValidationException("command_allowlist", entry,
                            "entries must be executable names (looked up on PATH) or absolute paths");
                }
                if (!out.contains(entry)) {
                    out.add(entry);
                }
            }
        }
        return new CommandAllowlist(out);
    }

    /** @return the entries as configured */
    List<String> entries() {
        return entries;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandAllowlist && ((CommandAllowlist) o).entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return String.join(", ", entries);
    }

    /**
     * Checks {@code argv[0]} of a task and finds the file to run.
     *
     * @param command the executable as the task gave it
     * @return the executable, or the reason it may not run
     */
    Resolution resolve(String command) {
        if (command == null || command.isBlank()) {
            return new Resolution(null, "the task command's first element (the executable) is empty");
        }
        if (!Executables.isName(command) && !Path.of(command).isAbsolute()) {
            return new Resolution(null, "executable '" + command
                    + "' must be a name looked up on PATH or an absolute path");
        }
        Optional<Path> found = Executables.find(command);
        boolean allowed = entries.contains(command);
        if (!allowed && found.isPresent()) {
            Path real = Executables.real(found.get());
            for (String entry : entries) {
                Optional<Path> e = Executables.find(entry);
                if (e.isPresent() && Executables.real(e.get()).equals(real)) {
                    allowed = true;
                    break;
                }
            }
        }
        if (!allowed) {
            return new Resolution(null, "executable '" + command + "' is not in command_allowlist (allowed: "
                    + (entries.isEmpty() ? "none" : String.join(", ", entries)) + "); add it in "
                    + LocalPoolProvider.CFG_FILE);
        }
        if (found.isEmpty()) {
            return new Resolution(null, "executable '" + command + "' is allowed but "
                    + (Executables.isName(command) ? "was not found on PATH" : "does not exist or is not executable"));
        }
        return new Resolution(found.get(), null);
    }
}

package io.mahavishnu.pool.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.pool.ValidationException;
import org.junit.jupiter.api.Test;

class CommandAllowlistTest {

    @Test
    void parsesCommaAndWhitespaceSeparatedEntries() {
        assertThat(CommandAllowlist.parse(" sh, sleep\n/usr/bin/env,,sh ").entries())
                .containsExactly("sh", "sleep", "/usr/bin/env");
        assertThat(CommandAllowlist.parse("").entries()).isEmpty();
        assertThat(CommandAllowlist.parse(null).entries()).isEmpty();
    }

    @Test
    void relativePathEntriesAreRejected() {
        assertThatThrownBy(() -> CommandAllowlist.parse("sh, bin/tool"))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("command_allowlist entries must be executable names")
                .hasMessageEndingWith("(got: 'bin/tool')");
    }

    @Test
    void allowsByNameOrBySameFile() {
        CommandAllowlist list = CommandAllowlist.parse("sh");
        String shPath = Executables.find("sh").orElseThrow().toString();

        assertThat(list.resolve("sh").allowed()).isTrue();
        assertThat(list.resolve("sh").executable()).hasToString(shPath);
        assertThat(list.resolve(shPath).allowed()).isTrue();
        assertThat(CommandAllowlist.parse(shPath).resolve("sh").allowed()).isTrue();
    }

    @Test
    void refusesOtherCommandsNamingTheSetting() {
        assertThat(CommandAllowlist.parse("").resolve("sh").error())
                .isEqualTo("executable 'sh' is not in command_allowlist (allowed: none); add it in "
                        + "etc/io.mahavishnu.pool.local.cfg");
        assertThat(CommandAllowlist.parse("sh").resolve("./sh").error()).contains("absolute path");
        assertThat(CommandAllowlist.parse("no-such-tool-xyz").resolve("no-such-tool-xyz").error())
                .isEqualTo("executable 'no-such-tool-xyz' is allowed but was not found on PATH");
    }
}

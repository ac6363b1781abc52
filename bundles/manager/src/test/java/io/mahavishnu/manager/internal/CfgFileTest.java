package io.mahavishnu.manager.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfgFileTest {

    @Test
    void theLineSettingTheKeyIsReplacedAndEveryOtherLineKept() {
        List<String> in = List.of("# Default strategy", "pool_routing_strategy = least_loaded",
                "# pool_stop_timeout_seconds = 30", "health_timeout_seconds=5");
        assertThat(CfgFile.edit(in, "pool_routing_strategy", "round_robin")).containsExactly("# Default strategy",
                "pool_routing_strategy = round_robin", "# pool_stop_timeout_seconds = 30", "health_timeout_seconds=5");
    }

    @Test
    void aKeyOnlyShownAsACommentedExampleGoesBelowTheExample() {
        List<String> in = List.of("# Seconds to wait", "# pool_stop_timeout_seconds = 30", "", "other = 1");
        assertThat(CfgFile.edit(in, "pool_stop_timeout_seconds", "60")).containsExactly("# Seconds to wait",
                "# pool_stop_timeout_seconds = 30", "pool_stop_timeout_seconds = 60", "", "other = 1");
    }

    @Test
    void anAbsentKeyIsAppendedAndALaterDuplicateRemoved() {
        assertThat(CfgFile.edit(List.of("a = 1"), "b", "2")).containsExactly("a = 1", "b = 2");
        assertThat(CfgFile.edit(List.of("b = 1", "c = 3", "b : 9"), "b", "2")).containsExactly("b = 2", "c = 3");
    }

    @Test
    void continuationLinesOfTheOldValueGoAndSpecialCharactersAreEscaped() {
        List<String> in = List.of("a = one, \\", "    two", "b = 1");
        assertThat(CfgFile.edit(in, "a", "x\\y\nz")).containsExactly("a = x\\\\y\\nz", "b = 1");
        // a continued line that merely starts like the key is part of another value, not a setting of it
        assertThat(CfgFile.edit(List.of("c = \\", "a = not a key"), "a", "1"))
                .containsExactly("c = \\", "a = not a key", "a = 1");
    }

    @Test
    void theFileIsReplacedWholeWithNoTemporaryFileLeft(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("io.mahavishnu.manager.cfg");
        Files.writeString(file, "# comment\npool_routing_strategy = least_loaded\n");
        CfgFile.set(file, "pool_routing_strategy", "random");
        assertThat(Files.readString(file)).isEqualTo("# comment\npool_routing_strategy = random\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}

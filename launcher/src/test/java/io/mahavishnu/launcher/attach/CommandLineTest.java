package io.mahavishnu.launcher.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void oneArgumentIsACompleteCommandLine() {
        assertThat(CommandLine.of(List.of("pool:list | grep echo"))).isEqualTo("pool:list | grep echo");
    }

    @Test
    void severalArgumentsAreQuotedOneByOne() {
        assertThat(CommandLine.of(List.of("pool:route", "--prompt", "fix the build", "-s", "round_robin")))
                .isEqualTo("pool:route --prompt \"fix the build\" -s round_robin");
        assertThat(CommandLine.of(List.of("pool:spawn", "--config", "namespace=ci", "-t", "mahavishnu")))
                .isEqualTo("pool:spawn --config namespace=ci -t mahavishnu");
    }

    @Test
    void gogoSpecialCharactersAreEscaped() {
        assertThat(CommandLine.quote("it's 100% \"x\" $HOME \\t"))
                .isEqualTo("\"it\"\\'\"s 100\\% \\\"x\\\" \\$HOME \\\\t\"");
        assertThat(CommandLine.quote("")).isEqualTo("\"\"");
        assertThat(CommandLine.quote("a{b}")).isEqualTo("\"a{b}\"");
    }
}

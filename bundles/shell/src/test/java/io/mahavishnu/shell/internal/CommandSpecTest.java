package io.mahavishnu.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandSpecTest {

    @Test
    void defaultsApplyWhenOptionsAreAbsent() {
        Args a = Specs.SPAWN.parse(List.of());
        assertThat(a.value("type")).isEqualTo("mahavishnu");
        assertThat(a.value("name")).isEqualTo("default");
        assertThat(a.integer("min")).isEqualTo(1);
        assertThat(a.integer("max")).isEqualTo(10);
        assertThat(a.value("worker-type")).isEqualTo("terminal-qwen");
        assertThat(a.keyValues("config")).isEmpty();
    }

    @Test
    void shortAndLongOptionsAndRepeatedConfig() {
        Args a = Specs.SPAWN.parse(List.of("-t", "echo", "--name=web", "-m", "2", "-M", "5", "-w", "noop",
                "--config", "a=1", "--config", "b=x=y", "--auto-scale"));
        assertThat(a.value("type")).isEqualTo("echo");
        assertThat(a.value("name")).isEqualTo("web");
        assertThat(a.integer("min")).isEqualTo(2);
        assertThat(a.integer("max")).isEqualTo(5);
        assertThat(a.value("worker-type")).isEqualTo("noop");
        assertThat(a.keyValues("config")).containsExactly(java.util.Map.entry("a", "1"),
                java.util.Map.entry("b", "x=y"));
        assertThat(a.has("auto-scale")).isTrue();
    }

    @Test
    void unknownOptionIsNamedWithTheValidOnes() {
        assertThatThrownBy(() -> Specs.SPAWN.parse(List.of("--colour", "red")))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("unknown option --colour for pool:spawn (valid: -t/--type, -n/--name,")
                .hasMessageContaining("--config")
                .hasToString("Error: " + "unknown option --colour for pool:spawn (valid: -t/--type, -n/--name, "
                        + "-m/--min, -M/--max, -w/--worker-type, --config, --auto-scale, --no-memory, --help)");
        assertThatThrownBy(() -> Specs.LIST.parse(List.of("-x")))
                .hasMessage("unknown option -x for pool:list (valid: --help)");
    }

    @Test
    void badNumbersAndPairsNameTheValue() {
        assertThatThrownBy(() -> Specs.SPAWN.parse(List.of("--min", "two")).integer("min"))
                .hasMessage("option -m/--min must be a whole number (got: 'two')");
        assertThatThrownBy(() -> Specs.SPAWN.parse(List.of("--config", "novalue")).keyValues("config"))
                .hasMessage("option --config must be KEY=VALUE (got: 'novalue')");
        assertThatThrownBy(() -> Specs.SPAWN.parse(List.of("--type")))
                .hasMessage("option -t/--type needs a value (TYPE)");
        assertThatThrownBy(() -> Specs.SPAWN.parse(List.of("-t")))
                .hasMessage("option -t/--type needs a value (TYPE)");
        assertThatThrownBy(() -> Specs.SPAWN.parse(List.of("--type", "a", "--type", "b")))
                .hasMessageStartingWith("option -t/--type was given 2 times; give it once");
    }

    @Test
    void arityAndRequiredOptionsAreChecked() {
        assertThatThrownBy(() -> Specs.INFO.parse(List.of()))
                .hasMessage("pool:info needs POOL_ID (usage: pool:info POOL_ID)");
        assertThatThrownBy(() -> Specs.INFO.parse(List.of("a", "b")))
                .hasMessage("unexpected argument 'b' for pool:info (usage: pool:info POOL_ID)");
        assertThatThrownBy(() -> Specs.EXECUTE.parse(List.of("p1")))
                .hasMessage("pool:execute needs --prompt=TEXT (usage: pool:execute POOL_ID --prompt=TEXT [OPTIONS])");
        assertThat(Specs.BATCH.parse(List.of("p1", "a", "b", "c")).positional()).containsExactly("p1", "a", "b", "c");
    }

    @Test
    void helpSkipsValidationAndShowsDefaults() {
        assertThat(Specs.INFO.parse(List.of("--help")).help()).isTrue();
        String help = Specs.SPAWN.help();
        assertThat(help).startsWith("pool:spawn - spawn a pool and wait until it runs\n\nUsage: pool:spawn [OPTIONS]\n");
        assertThat(help).contains("  -t, --type=TYPE", "pool type (default: mahavishnu)",
                "  -M, --max=N", "(default: 10)", "      --config=KEY=VALUE", "; repeatable",
                "(default: terminal-qwen)", "Examples:");
        assertThat(Specs.EXECUTE.help()).contains("the prompt (required)", "POOL_ID", "(default: 300)");
    }

    @Test
    void promptsMayLookLikeOptionsWhenGivenAsValues() {
        Args a = Specs.EXECUTE.parse(List.of("p1", "--prompt", "-v please", "-T", "30"));
        assertThat(a.value("prompt")).isEqualTo("-v please");
        assertThat(a.integer("timeout")).isEqualTo(30);
    }
}

package io.mahavishnu.launcher.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachTargetTest {

    @TempDir
    Path home;

    private void cfg(String text) throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve(AttachTarget.CONFIG), text);
    }

    @Test
    void defaultsWithoutAFile() throws Exception {
        AttachTarget t = AttachTarget.read(home, Map.of());
        assertThat(t).isEqualTo(new AttachTarget(true, "127.0.0.1", 8101, home.resolve("data/ssh")));
    }

    @Test
    void fileThenEnvironmentAsTheRuntimeReadsThem() throws Exception {
        cfg("attach_host = 0.0.0.0\nattach_port = 9000\nattach_key_dir = keys\n");
        assertThat(AttachTarget.read(home, Map.of())).isEqualTo(new AttachTarget(true, "127.0.0.1", 9000,
                home.resolve("keys")));
        assertThat(AttachTarget.read(home, Map.of("MAHAVISHNU_ATTACH_PORT", "9001")).port()).isEqualTo(9001);
        cfg("attach_enabled = false\n");
        assertThat(AttachTarget.read(home, Map.of()).enabled()).isFalse();
    }

    @Test
    void aBadPortIsNamed() throws Exception {
        cfg("attach_port = eighty\n");
        assertThatThrownBy(() -> AttachTarget.read(home, Map.of()))
                .hasMessage("attach_port must be a number between 1 and 65535 (got: 'eighty')");
    }
}

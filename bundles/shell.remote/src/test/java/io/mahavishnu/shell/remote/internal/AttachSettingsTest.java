package io.mahavishnu.shell.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AttachSettingsTest {

    private static final Path HOME = Paths.get("/opt/mahavishnu");

    private static AttachConfig config(String host, int port, boolean allowRemote, int idle) {
        return new AttachConfig() {
            @Override public Class<? extends Annotation> annotationType() { return AttachConfig.class; }
            @Override public boolean attach__enabled() { return true; }
            @Override public String attach__host() { return host; }
            @Override public int attach__port() { return port; }
            @Override public boolean attach__allow__remote() { return allowRemote; }
            @Override public String attach__authorized__keys() { return "etc/authorized_keys"; }
            @Override public String attach__key__dir() { return "data/ssh"; }
            @Override public int attach__idle__timeout__minutes() { return idle; }
        };
    }

    @Test
    void defaultsListenOnLoopbackWithKeysUnderData() {
        AttachSettings s = AttachSettings.of(config("127.0.0.1", 8101, false, 60), HOME);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.keyDir()).isEqualTo(HOME.resolve("data/ssh"));
        assertThat(s.authorizedKeys()).isEqualTo(HOME.resolve("etc/authorized_keys"));
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(AttachSettings.of(config("localhost", 8101, false, 0), HOME).host()).isEqualTo("localhost");
    }

    @Test
    void aNonLoopbackAddressNeedsExplicitPermission() {
        assertThatThrownBy(() -> AttachSettings.of(config("0.0.0.0", 8101, false, 60), HOME))
                .hasMessage("attach_host must be a loopback address such as 127.0.0.1 unless attach_allow_remote ="
                        + " true (got: '0.0.0.0')");
        assertThat(AttachSettings.of(config("0.0.0.0", 8101, true, 60), HOME).host()).isEqualTo("0.0.0.0");
    }

    @Test
    void badNumbersAreNamed() {
        assertThatThrownBy(() -> AttachSettings.of(config("127.0.0.1", 70000, false, 60), HOME))
                .hasMessage("attach_port must be between 1 and 65535 (got: 70000)");
        assertThatThrownBy(() -> AttachSettings.of(config("127.0.0.1", 8101, false, -1), HOME))
                .hasMessage("attach_idle_timeout_minutes must be between 0 and 1440 (got: -1)");
    }
}

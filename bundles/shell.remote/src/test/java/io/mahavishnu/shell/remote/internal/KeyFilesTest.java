package io.mahavishnu.shell.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {

    @TempDir
    Path tmp;

    @Test
    void keysAreCreatedOnceReadableByTheOwnerOnly() throws Exception {
        KeyFiles keys = new KeyFiles(tmp.resolve("ssh"));
        assertThat(keys.ensure()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("ssh"))))
                .isEqualTo("rwx------");
        for (String f : new String[] {KeyFiles.HOST_KEY, KeyFiles.HOST_PUBLIC, KeyFiles.CLIENT_KEY,
            KeyFiles.CLIENT_PUBLIC}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("ssh").resolve(f))))
                    .as(f).isEqualTo("rw-------");
        }
        KeyPair host = keys.hostKey();
        assertThat(Files.readString(tmp.resolve("ssh").resolve(KeyFiles.HOST_PUBLIC)))
                .startsWith("ecdsa-sha2-nistp256 ").endsWith(" mahavishnu-host\n");
        assertThat(keys.ensure()).isFalse();
        assertThat(keys.hostKey().getPublic()).isEqualTo(host.getPublic());
        assertThat(keys.clientPublicKey()).isNotEqualTo(host.getPublic());
    }

    @Test
    void ptyModesBecomeTerminalAttributes() {
        var modes = new java.util.EnumMap<org.apache.sshd.common.channel.PtyMode, Integer>(
                org.apache.sshd.common.channel.PtyMode.class);
        modes.put(org.apache.sshd.common.channel.PtyMode.VINTR, 3);
        modes.put(org.apache.sshd.common.channel.PtyMode.ISIG, 1);
        modes.put(org.apache.sshd.common.channel.PtyMode.ECHO, 0);
        modes.put(org.apache.sshd.common.channel.PtyMode.ONLCR, 1);
        modes.put(org.apache.sshd.common.channel.PtyMode.TTY_OP_ISPEED, 38400);
        var a = ConsoleShellFactory.attributes(modes);
        assertThat(a.getControlChar(org.jline.terminal.Attributes.ControlChar.VINTR)).isEqualTo(3);
        assertThat(a.getLocalFlag(org.jline.terminal.Attributes.LocalFlag.ISIG)).isTrue();
        assertThat(a.getLocalFlag(org.jline.terminal.Attributes.LocalFlag.ECHO)).isFalse();
        assertThat(a.getOutputFlag(org.jline.terminal.Attributes.OutputFlag.ONLCR)).isTrue();
    }
}

package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.itests.Distribution.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The product as a user runs it: {@code bin/mahavishnu start}, then {@code bin/mahavishnu shell COMMAND} from
 * another terminal against the running runtime: spawn a local pool, route to it, scale it, list, health, switch
 * the strategy, close it; errors exit with status 1 and one line on standard error.
 */
public class AttachDistributionIT {

    private Distribution dist;

    @Before
    public void start() throws Exception {
        dist = Distribution.unpack("attach");
        dist.start();
    }

    @After
    public void stop() throws Exception {
        if (dist != null) {
            dist.close();
        }
    }

    @Test
    public void adminDrivesTheRunningRuntimeFromAnotherTerminal() throws Exception {
        Result status = dist.mahavishnu("status");
        assertThat(status.status()).isZero();
        assertThat(status.out()).contains("Mahavishnu is running", "Its console answers");

        Result spawn = dist.shell("pool:spawn", "--worker-type", "noop", "--min", "1", "--max", "4", "--name", "demo");
        assertThat(spawn.status()).as(spawn.err()).isZero();
        assertThat(spawn.out()).startsWith("Spawned mahavishnu pool mahavishnu_");
        String id = spawn.out().lines().findFirst().orElseThrow().substring("Spawned mahavishnu pool ".length());

        String prompt = "it's 100% \"quoted\", with $HOME, {braces}; a | pipe and a \\t backslash";
        Result route = dist.shell("pool:route", "--prompt", prompt);
        assertThat(route.status()).as(route.err()).isZero();
        assertThat(route.out()).containsPattern("\n  Pool: +" + id + "\n")
                .containsPattern("\n  Route: +least_loaded \\(least_loaded\\)\n")
                .endsWith("Output:\n" + prompt + "\n");

        Result scale = dist.shell("pool:scale", id, "--target", "3");
        assertThat(scale.status()).as(scale.err()).isZero();
        assertThat(scale.out()).isEqualTo("Scaled pool " + id + " to 3 workers (now 3, running; min 1, max 4)\n");

        assertThat(dist.shell("pool:list").out()).containsPattern(id + " +mahavishnu +demo +running +3 +1 +4 ");
        assertThat(dist.shell("pool:health").out()).startsWith("Pool manager: healthy (1 pool)\n");

        assertThat(dist.shell("routing:use", "round_robin").out())
                .isEqualTo("Default routing strategy is now round_robin (was least_loaded)\n");
        assertThat(dist.shell("pool:route -p again").out()).containsPattern("\n  Route: +round_robin \\(round_robin\\)\n");

        Result close = dist.shell("pool:close", id);
        assertThat(close.status()).isZero();
        assertThat(close.out()).isEqualTo("Closed pool " + id + "\n");

        Result again = dist.shell("pool:close", id);
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).isEqualTo("Error: Pool not found: " + id + " (list pools to see the ids)\n");

        Result badValue = dist.shell("pool:spawn", "-w", "noop", "-M", "5000");
        assertThat(badValue.status()).isEqualTo(1);
        assertThat(badValue.err()).isEqualTo("Error: max_workers must be between 1 and 1000 (got: 5000)\n");

        Result unknown = dist.shell("pool:frobnicate");
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("Error: Command not found: pool:frobnicate (help lists the commands)\n");
    }

    @Test
    public void aStrategyChosenAtRuntimeIsWrittenToItsEtcFileAndKeptAcrossARestart() throws Exception {
        Path cfg = dist.home.resolve("etc/io.mahavishnu.manager.cfg");
        String before = Files.readString(cfg);
        assertThat(dist.shell("routing:use", "random").status()).isZero();

        // the operator's file keeps its comments and layout; only the setting's line changed
        assertThat(Files.readString(cfg)).isEqualTo(before.replace("\npool_routing_strategy = least_loaded\n",
                "\npool_routing_strategy = random\n"));
        try (var files = Files.list(cfg.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }

        assertThat(dist.mahavishnu("stop").status()).isZero();
        dist.start();
        assertThat(dist.shell("routing:list").out()).containsPattern("(?m)^random +\\*$");
        assertThat(Files.readString(cfg)).contains("\npool_routing_strategy = random\n");
    }

    @Test
    public void keysAreTheOwnersOnlyAndTheConsoleListensOnLoopbackOnly() throws Exception {
        Path keys = dist.home.resolve("data/ssh");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rwx------");
        for (String f : new String[] {"host_key", "host_key.pub", "client_key", "client_key.pub"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve(f))))
                    .as(f).isEqualTo("rw-------");
        }
        assertThat(Distribution.read(dist.home.resolve("data/log/mahavishnu.log"))
                + Distribution.read(dist.home.resolve("data/log/console.log")))
                .contains("Attach console listening on 127.0.0.1:" + dist.attachPort)
                .contains("Mahavishnu is ready")
                .doesNotContain("BEGIN OPENSSH PRIVATE KEY");
    }

    @Test
    public void theConsolePortRefusesAnyoneWithoutTheClientKey() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        java.security.KeyPair stranger = generator.generateKeyPair();
        org.apache.sshd.client.SshClient client = org.apache.sshd.client.SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try {
            for (String attempt : List.of("a key of its own", "passwords", "nothing")) {
                try (org.apache.sshd.client.session.ClientSession session = client.connect(
                        System.getProperty("user.name", "admin"), "127.0.0.1", dist.attachPort)
                        .verify(30, java.util.concurrent.TimeUnit.SECONDS).getSession()) {
                    if (attempt.equals("a key of its own")) {
                        session.addPublicKeyIdentity(stranger);
                    } else if (attempt.equals("passwords")) {
                        for (String password : List.of("admin", "mahavishnu", System.getProperty("user.name"))) {
                            session.addPasswordIdentity(password);
                        }
                    }
                    assertThatThrownBy(() -> session.auth().verify(30, java.util.concurrent.TimeUnit.SECONDS))
                            .as("logging in with %s", attempt)
                            .isInstanceOf(org.apache.sshd.common.SshException.class);
                }
            }
        } finally {
            client.stop();
        }
        // ...while the client key of data/ssh gets in
        assertThat(dist.shell("pool:list").status()).isZero();
    }

    @Test
    public void theClientSaysWhenTheRuntimeIsNotRunning() throws Exception {
        assertThat(dist.mahavishnu("stop").status()).isZero();
        Result r = dist.shell("pool:list");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("the runtime is not running");
    }
}

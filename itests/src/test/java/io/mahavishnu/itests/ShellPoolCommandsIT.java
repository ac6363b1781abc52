package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.pool.PoolStatus;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** pool:spawn, list, info, scale, close, close-all and health, and their errors, as typed in the shell. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellPoolCommandsIT extends ShellTestSupport {

    @Test
    public void spawnPrintsThePoolAndKeepsTheOptionsGiven() throws Exception {
        String out = ok("pool:spawn --type mahavishnu --name web -m 2 -M 4 -w noop --config a=1 --config b=x=y");
        assertThat(out).startsWith("Spawned mahavishnu pool mahavishnu_");
        String id = out.lines().findFirst().orElseThrow().substring("Spawned mahavishnu pool ".length());
        assertThat(out).contains("  Name:          web\n", "  Status:        running\n",
                "  Workers:       2 (min 2, max 4)\n", "  Worker type:   noop\n", "  Extra config:  a=1, b=x=y\n");
        PoolInfo pool = manager().get(id).orElseThrow();
        assertThat(pool.config().extraConfig()).containsEntry("a", "1").containsEntry("b", "x=y");
        assertThat(pool.status()).isEqualTo(PoolStatus.RUNNING);
    }

    @Test
    public void spawnErrorsNameTheBadValueAndWhatIsValid() throws Exception {
        assertThat(error("pool:spawn -w noop -M 5000"))
                .isEqualTo("Error: max_workers must be between 1 and 1000 (got: 5000)");
        assertThat(error("pool:spawn -w noop -m 5 -M 2"))
                .isEqualTo("Error: min_workers must not be greater than max_workers=2 (got: 5)");
        assertThat(error("pool:spawn --type nope")).startsWith("Error: Unknown pool type: nope (available: ")
                .contains("mahavishnu");
        assertThat(error("pool:spawn --min two")).isEqualTo("Error: option -m/--min must be a whole number (got: 'two')");
        assertThat(error("pool:spawn --config novalue"))
                .isEqualTo("Error: option --config must be KEY=VALUE (got: 'novalue')");
        assertThat(error("pool:spawn --colour red")).startsWith("Error: unknown option --colour for pool:spawn"
                + " (valid: -t/--type, -n/--name, -m/--min, -M/--max, -w/--worker-type, --config,");
        assertThat(error("pool:spawn -w")).isEqualTo("Error: option -w/--worker-type needs a value (TYPE)");
        assertThat(manager().list()).isEmpty();
    }

    @Test
    public void listShowsAnAlignedTableOrSaysThereIsNothing() throws Exception {
        assertThat(ok("pool:list")).startsWith("No pools. Spawn one with pool:spawn (pool types: ")
                .contains("mahavishnu");
        String a = noopPool("alpha", 1, 3);
        String b = noopPool("beta", 2, 2);
        String out = ok("pool:list");
        assertThat(out.lines()).hasSize(4);
        assertThat(out.lines().findFirst().orElseThrow()).matches(
                "POOL ID +TYPE +NAME +STATUS +WORKERS +MIN +MAX +IN FLIGHT +COMPLETED +FAILED");
        assertThat(out).containsPattern(a + " +mahavishnu +alpha +running +1 +1 +3 +0 +0 +0\n")
                .containsPattern(b + " +mahavishnu +beta +running +2 +2 +2 +0 +0 +0\n")
                .contains("2 pools; default routing strategy: least_loaded");
        assertThat(error("pool:list extra")).isEqualTo("Error: unexpected argument 'extra' for pool:list"
                + " (usage: pool:list)");
    }

    @Test
    public void infoShowsConfigurationStatusWorkersAndMetrics() throws Exception {
        String id = noopPool("gamma", 1, 4);
        ok("pool:execute " + id + " -p one");
        String out = ok("pool:info " + id);
        assertThat(out).startsWith("Pool " + id + "\n")
                .containsPattern("\n  Type: +mahavishnu\n")
                .containsPattern("\n  Status: +running\n")
                .containsPattern("\n  Workers: +1 \\(min 1, max 4\\)\n")
                .containsPattern("\n  Worker type: +noop\n")
                .containsPattern("\n  Auto scale: +off\n")
                .contains("\nMetrics\n")
                .containsPattern("\n  Completed: +1\n")
                .containsPattern("\n  Failed: +0 \\(0 timed out\\)\n")
                .containsPattern("\n  Last decision: +none");
        assertThat(error("pool:info nope")).isEqualTo("Error: Pool not found: nope (list pools to see the ids)");
        assertThat(error("pool:info")).isEqualTo("Error: pool:info needs POOL_ID (usage: pool:info POOL_ID)");
    }

    @Test
    public void scaleChangesTheWorkersWithinTheBounds() throws Exception {
        String id = noopPool("delta", 1, 4);
        assertThat(ok("pool:scale " + id + " --target 3"))
                .isEqualTo("Scaled pool " + id + " to 3 workers (now 3, running; min 1, max 4)\n");
        assertThat(manager().get(id).orElseThrow().workers()).isEqualTo(3);
        assertThat(error("pool:scale " + id + " -t 9"))
                .isEqualTo("Error: target_workers must be between min_workers=1 and max_workers=4 (got: 9)");
        assertThat(error("pool:scale nope -t 2")).isEqualTo("Error: Pool not found: nope (list pools to see the ids)");
        assertThat(error("pool:scale " + id)).startsWith("Error: pool:scale needs --target=N");
    }

    @Test
    public void closeForgetsThePoolAndAnUnknownIdIsAnError() throws Exception {
        String id = noopPool("epsilon", 1, 1);
        assertThat(ok("pool:close " + id)).isEqualTo("Closed pool " + id + "\n");
        assertThat(manager().get(id)).isEmpty();
        assertThat(error("pool:close " + id)).isEqualTo("Error: Pool not found: " + id
                + " (list pools to see the ids)");
    }

    @Test
    public void closeAllClosesEveryPool() throws Exception {
        assertThat(ok("pool:close-all")).isEqualTo("No pools to close\n");
        noopPool("z1", 1, 1);
        noopPool("z2", 1, 1);
        assertThat(ok("pool:close-all")).isEqualTo("Closed 2 pools\n");
        assertThat(manager().list()).isEmpty();
    }

    @Test
    public void healthShowsTheRuntimeAndEachPool() throws Exception {
        assertThat(ok("pool:health")).isEqualTo("Pool manager: healthy (0 pools)\n");
        String id = noopPool("eta", 2, 2);
        String out = ok("pool:health");
        assertThat(out).startsWith("Pool manager: healthy (1 pool)\nPOOL ID ")
                .containsPattern(id + " +mahavishnu +healthy +2 +");
    }
}

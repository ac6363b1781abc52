package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/**
 * The dashboard in a real browser: headless Debian Chromium ({@code /usr/bin/chromium}, driven by playwright-core
 * pinned in src/test/browser/package-lock.json; no browser is downloaded) against the built distribution started
 * with {@code bin/mahavishnu start}. The script spawns a pool and routes tasks through MCP and checks that the page
 * follows live, switches the strategy with the page's control and compares with /metrics. The screenshot is kept
 * as {@code target/dashboard.png}. Needs node, npm and chromium ({@code .ci/run} installs them).
 */
public class DashboardBrowserIT {

    @Test
    public void theDashboardFollowsPoolsAndTasksLiveAndSwitchesTheStrategy() throws Exception {
        Path screenshot = Path.of(System.getProperty("mahavishnu.workdir")).getParent().resolve("dashboard.png");
        Files.deleteIfExists(screenshot);
        try (InstalledDistribution dist = new InstalledDistribution("browser")) {
            Path client = dist.nodeClient(Path.of(System.getProperty("mahavishnu.browser.dir")),
                    List.of("package.json", "package-lock.json", "dashboard-check.mjs"));
            dist.start("/dashboard");
            Path out = dist.work.resolve("dashboard-check.log");
            int rc = InstalledDistribution.run(client, out, "node", "dashboard-check.mjs", dist.baseUrl(),
                    screenshot.toString(), dist.work.resolve("chromium-profile").toString());
            String log = Files.readString(out);
            assertThat(log).as(log).contains(" 0 failed").doesNotContain("FAIL");
            assertThat(rc).as(log).isZero();
            assertThat(screenshot).as("screenshot kept as a test artifact").isNotEmptyFile();
        }
    }
}

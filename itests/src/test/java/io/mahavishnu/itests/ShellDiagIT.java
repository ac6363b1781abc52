package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * mahavishnu:diag explains each of our bundles and components that is not active. This runtime has neither the
 * attach console's configuration nor the console bundle (gogo.jline): real problems to begin with.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellDiagIT extends ShellTestSupport {

    @Override
    protected Option[] extraOptions() {
        return new Option[] {
            systemProperty("diag.missingImport").value(DiagJars.missingImport()),
            systemProperty("diag.brokenComponents").value(DiagJars.brokenComponents())
        };
    }

    @Test
    public void diagSaysWhyEachBundleOrComponentIsNotActive() throws Exception {
        Run console = run("mahavishnu:diag");
        assertThat(console.out).isEqualTo("Component io.mahavishnu.shell.remote.internal.AttachServer (bundle"
                + " io.mahavishnu.shell.remote) is not active:\n  missing configuration io.mahavishnu.shell.remote"
                + " (its configuration is required: add etc/io.mahavishnu.shell.remote.cfg)\n");
        assertThat(console.failure.toString()).isEqualTo("Error: 1 problem found (see above); fix the first one"
                + " first, others often follow from it");

        configure("io.mahavishnu.shell.remote", "attach_port", 1);
        eventually("the attach server waits for the console", () -> {
            try {
                return run("mahavishnu:diag").out.contains("Component io.mahavishnu.shell.remote.internal.AttachServer"
                        + " (bundle io.mahavishnu.shell.remote) is not active:\n"
                        + "  unsatisfied reference shell: no org.apache.felix.gogo.jline.Shell service\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        Bundle missing = context.installBundle(System.getProperty("diag.missingImport"));
        Bundle broken = context.installBundle(System.getProperty("diag.brokenComponents"));
        broken.start();
        try {
            Run faults = run("mahavishnu:diag");
            assertThat(faults.out).contains("Bundle io.mahavishnu.test.missingimport 1.0.0 (id " + missing.getBundleId()
                    + ") is not active:\n  missing package org.example.missing [1.0.0,2.0.0)\n");
            assertThat(faults.out).contains("Component io.mahavishnu.test.Waiting (bundle"
                    + " io.mahavishnu.test.brokencomponents) is not active:\n"
                    + "  unsatisfied reference store: no org.example.Store service matching (region=eu)\n");
            assertThat(faults.out).contains("Component io.mahavishnu.test.NeedsConfig (bundle"
                    + " io.mahavishnu.test.brokencomponents) is not active:\n"
                    + "  missing configuration io.mahavishnu.test.needsconfig");
            assertThat(faults.out).containsPattern("Component io.mahavishnu.test.Failing \\(bundle"
                    + " io.mahavishnu.test.brokencomponents\\) is not active:\n  failed to activate: .+\n");
            assertThat(faults.failure.toString()).startsWith("Error: 5 problems found");
        } finally {
            missing.uninstall();
            broken.uninstall();
        }

        installed("io.mahavishnu.shell.remote").uninstall();
        assertThat(ok("mahavishnu:diag")).matches("All \\d+ Mahavishnu components are active \\(\\d+ bundles\\)\\.\n");
    }
}

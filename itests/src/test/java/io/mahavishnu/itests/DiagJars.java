package io.mahavishnu.itests;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.ops4j.pax.tinybundles.TinyBundle;
import org.ops4j.pax.tinybundles.TinyBundles;

/**
 * Host side only (called from {@code @Configuration}): bundles with the faults {@code mahavishnu:diag} explains,
 * named like ours so it looks at them.
 */
final class DiagJars {

    private DiagJars() {
    }

    /** @return URL of a bundle importing a package nobody exports */
    static String missingImport() {
        return write("diag-missing-import.jar", TinyBundles.bundle()
                .symbolicName("io.mahavishnu.test.missingimport")
                .setHeader("Bundle-Version", "1.0.0")
                .setHeader("Import-Package", "org.example.missing;version=\"[1.0,2)\""));
    }

    /**
     * @return URL of a bundle with three broken components: one waiting for a service nobody offers, one
     *         waiting for a required configuration, one whose class cannot be created
     */
    static String brokenComponents() {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<components xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\">\n"
                + "<scr:component name=\"io.mahavishnu.test.Waiting\" immediate=\"true\">\n"
                + "  <implementation class=\"java.lang.Object\"/>\n"
                + "  <reference name=\"store\" interface=\"org.example.Store\" cardinality=\"1..1\" policy=\"static\""
                + " target=\"(region=eu)\"/>\n"
                + "</scr:component>\n"
                + "<scr:component name=\"io.mahavishnu.test.NeedsConfig\" immediate=\"true\""
                + " configuration-policy=\"require\" configuration-pid=\"io.mahavishnu.test.needsconfig\">\n"
                + "  <implementation class=\"java.lang.Object\"/>\n"
                + "</scr:component>\n"
                + "<scr:component name=\"io.mahavishnu.test.Failing\" immediate=\"true\">\n"
                + "  <implementation class=\"java.lang.Void\"/>\n"
                + "</scr:component>\n"
                + "</components>\n";
        return write("diag-broken-components.jar", TinyBundles.bundle()
                .symbolicName("io.mahavishnu.test.brokencomponents")
                .setHeader("Bundle-Version", "1.0.0")
                .setHeader("Service-Component", "OSGI-INF/components.xml")
                .addResource("OSGI-INF/components.xml",
                        new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    }

    private static String write(String name, TinyBundle bundle) {
        File out = new File(System.getProperty("mahavishnu.workdir"), name);
        try (InputStream in = bundle.build(TinyBundles.rawBuilder())) {
            out.getParentFile().mkdirs();
            Files.copy(in, out.toPath(), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("could not build " + name, e);
        }
        return out.toURI().toString();
    }
}

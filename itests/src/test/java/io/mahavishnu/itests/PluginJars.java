package io.mahavishnu.itests;

import io.mahavishnu.itests.plugin.EchoActivator;
import io.mahavishnu.itests.plugin.EchoPoolType;
import io.mahavishnu.itests.plugin.FixedPolicy;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.ops4j.pax.tinybundles.InnerClassStrategy;
import org.ops4j.pax.tinybundles.TinyBundles;

/**
 * Host side only (called from {@code @Configuration}): builds third-party plugin bundles as a plugin author would,
 * against the api bundle only.
 */
final class PluginJars {

    private PluginJars() {
    }

    /** @return URL of a freshly built bundle holding autoscale policy {@code fixed} */
    static String fixedPolicy() {
        File out = new File(System.getProperty("mahavishnu.workdir"), "fixed-policy.jar");
        try (InputStream in = TinyBundles.bundle()
                .symbolicName("com.example.fixed.policy")
                .setHeader("Bundle-Version", "1.0.0")
                .addClass(FixedPolicy.class)
                .activator(FixedPolicy.class)
                .build(TinyBundles.bndBuilder())) {
            out.getParentFile().mkdirs();
            Files.copy(in, out.toPath(), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("could not build the fixed policy bundle", e);
        }
        return out.toURI().toString();
    }

    /** @return URL of a freshly built bundle holding pool type {@code echo} */
    static String echoPoolType() {
        File out = new File(System.getProperty("mahavishnu.workdir"), "echo-pool-type.jar");
        try (InputStream in = TinyBundles.bundle()
                .symbolicName("com.example.echo.pool")
                .setHeader("Bundle-Version", "1.0.0")
                .addClass(EchoPoolType.class, InnerClassStrategy.ALL)
                .addClass(EchoActivator.class)
                .activator(EchoActivator.class)
                .build(TinyBundles.bndBuilder())) {
            out.getParentFile().mkdirs();
            Files.copy(in, out.toPath(), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("could not build the echo pool type bundle", e);
        }
        return out.toURI().toString();
    }
}

package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Every Java snippet of docs/plugin-guide.md is a verbatim excerpt of a source file that the build compiles (the
 * examples, the archetype's template, the bundles), so the guide never shows code that does not compile.
 */
public class PluginGuideSnippetsIT {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    public void everyJavaSnippetIsTakenFromCompiledSources() throws IOException {
        Path root = Path.of(System.getProperty("mahavishnu.distribution.dir")).resolve("../../..").normalize();
        String guide = Files.readString(root.resolve("docs/plugin-guide.md"));
        List<String> sources = new ArrayList<>();
        for (String dir : List.of("examples", "archetype/src/main/resources/archetype-resources", "bundles")) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java")
                        && p.toString().contains("/src/") && !p.toString().contains("/target/"))::iterator) {
                    sources.add(Files.readString(f));
                }
            }
        }
        Matcher m = JAVA_BLOCK.matcher(guide);
        int snippets = 0;
        while (m.find()) {
            String snippet = m.group(1);
            snippets++;
            assertThat(sources.stream().anyMatch(s -> s.contains(snippet)))
                    .as("docs/plugin-guide.md snippet not found verbatim in any source file:%n%s", snippet).isTrue();
        }
        assertThat(snippets).isGreaterThan(5);
    }
}

package io.mahavishnu.benchmarks;

import java.nio.file.Path;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks (JMH options as one argument, e.g. {@code "-f 1 -wi 3 -i 5"}, plus an optional include
 * pattern) and writes {@code target/jmh-result.json} and {@code ../docs/benchmarks.md}.
 */
public final class RunAll {

    private RunAll() {
    }

    public static void main(String[] args) throws Exception {
        String joined = String.join(" ", args).trim();
        CommandLineOptions cli = new CommandLineOptions(joined.isEmpty() ? new String[0] : joined.split("\\s+"));
        Path json = Path.of("target", "jmh-result.json").toAbsolutePath();
        Options options = new OptionsBuilder().parent(cli).resultFormat(ResultFormatType.JSON)
                .result(json.toString()).build();
        new Runner(options).run();
        Report.write(json, Path.of("..", "docs", "benchmarks.md").toAbsolutePath().normalize());
    }
}

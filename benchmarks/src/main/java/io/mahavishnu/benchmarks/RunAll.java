package io.mahavishnu.benchmarks;

import java.nio.file.Path;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks (JMH options as one argument, e.g. {@code "-f 1 -wi 3 -i 5"}, plus an optional include
 * pattern) and writes {@code target/jmh-result.json} and {@code ../docs/benchmarks.md}. With the single argument
 * {@value #REPORT_ONLY} it runs nothing and rewrites the page from the results of the last run.
 */
public final class RunAll {

    /** The argument that only regenerates the page. */
    static final String REPORT_ONLY = "--report-only";

    private RunAll() {
    }

    public static void main(String[] args) throws Exception {
        String joined = String.join(" ", args).trim();
        CommandLineOptions cli = new CommandLineOptions(joined.isEmpty() ? new String[0] : joined.split("\\s+"));
        Path json = Path.of("target", "jmh-result.json").toAbsolutePath();
        Path page = Path.of("..", "docs", "benchmarks.md").toAbsolutePath().normalize();
        if (REPORT_ONLY.equals(joined)) {
            Report.write(json, page);
            return;
        }
        Options options = new OptionsBuilder().parent(cli).resultFormat(ResultFormatType.JSON)
                .result(json.toString()).build();
        new Runner(options).run();
        Report.write(json, page);
    }
}

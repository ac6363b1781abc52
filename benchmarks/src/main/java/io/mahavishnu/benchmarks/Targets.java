package io.mahavishnu.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The performance targets of the project, each checked against the results of the same run: a ratio to a baseline
 * measured beside it (so that machine noise cancels) or an absolute bound. A target whose measurements are missing
 * from the run (e.g. only some benchmarks were selected) is listed as not measured.
 */
final class Targets {

    /** Scores by {@code class.method|params|mode}; percentiles likewise. */
    private final Map<String, Double> scores = new HashMap<>();
    private final Map<String, JsonNode> percentiles = new HashMap<>();

    void add(String cls, String method, String params, String mode, double score, JsonNode scorePercentiles) {
        String key = cls + "." + method + "|" + params + "|" + mode;
        scores.put(key, score);
        percentiles.put(key, scorePercentiles);
    }

    private Double score(String benchmark, String params, String mode) {
        return scores.get(benchmark + "|" + params + "|" + mode);
    }

    private Double percentile(String benchmark, String params, String mode, String p) {
        JsonNode ps = percentiles.get(benchmark + "|" + params + "|" + mode);
        return ps == null || ps.isMissingNode() || !ps.has(p) ? null : ps.get(p).asDouble();
    }

    String render() {
        List<String[]> rows = new ArrayList<>();
        ratio(rows, "routed no-op tasks/s ≥ 0.5 × bare ThreadPoolExecutor", 0.5, true,
                score("RoutedTaskBenchmark.mahavishnuRouted", "", "thrpt"),
                score("RoutedTaskBenchmark.threadPoolExecutor", "", "thrpt"));
        ratio(rows, "routed no-op tasks/s ≥ 1 × Pekko RoundRobinPool", 1.0, true,
                score("RoutedTaskBenchmark.mahavishnuRouted", "", "thrpt"),
                score("RoutedTaskBenchmark.pekkoRoundRobinPool", "", "thrpt"));
        for (String strategy : List.of("round_robin", "least_loaded", "random", "affinity")) {
            // the median: a mean of samples of a few nanoseconds is dominated by the rare pause that lands in one
            // (error bars wider than the mean), which says nothing about how the cost grows with the pool count
            ratio(rows, "routing decision, " + strategy + ": p50 cost at 10 000 pools ≤ 1.5 × at 10", 1.5, false,
                    percentile("RoutingDecisionBenchmark.decide", "pools=10000, strategy=" + strategy, "sample",
                            "50.0"),
                    percentile("RoutingDecisionBenchmark.decide", "pools=10, strategy=" + strategy, "sample",
                            "50.0"));
        }
        for (String strategy : List.of("round_robin", "least_loaded", "random", "affinity")) {
            bound(rows, "routing decision p99 at 10 000 pools, " + strategy + " < 10 µs", 10_000, "ns",
                    percentile("RoutingDecisionBenchmark.decide", "pools=10000, strategy=" + strategy, "sample",
                            "99.0"));
        }
        ratio(rows, "local bus publish→receive ≥ 10 × Felix EventAdmin postEvent", 10, true,
                score("BusBenchmark.mahavishnuLocalBus", "", "thrpt"),
                score("BusBenchmark.felixEventAdminPost", "", "thrpt"));
        bound(rows, "cold start of the distribution until MCP answers ≤ 1.0 s", 1000, "ms",
                score("ColdStartBenchmark.mahavishnuDistributionUntilMcpAnswers", "", "ss"));
        ratio(rows, "cold start ≤ 1.5 × bare Felix + SCR + Gogo", 1.5, false,
                score("ColdStartBenchmark.mahavishnuDistributionUntilMcpAnswers", "", "ss"),
                score("ColdStartBenchmark.bareFelixScrAndGogo", "", "ss"));
        bound(rows, "MCP tools/call pool_execute p50 ≤ 0.5 ms, server (one-write HTTP/1.1 client)", 500, "µs",
                percentile("McpBenchmark.mcpToolsCallOneWriteHttpClient", "", "sample", "50.0"));
        bound(rows, "MCP tools/call pool_execute p50 ≤ 0.5 ms, with the MCP Java SDK client", 500, "µs",
                percentile("McpBenchmark.mcpToolsCallPoolExecute", "", "sample", "50.0"));
        StringBuilder sb = new StringBuilder("\n### Targets\n\n| target | measured | met |\n|---|---:|:---:|\n");
        for (String[] r : rows) {
            sb.append("| ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2]).append(" |\n");
        }
        return sb.toString();
    }

    /** ours ÷ baseline, against a minimum ({@code higherIsBetter}) or a maximum. */
    private static void ratio(List<String[]> rows, String target, double limit, boolean higherIsBetter, Double ours,
                              Double baseline) {
        if (ours == null || baseline == null || baseline == 0) {
            rows.add(new String[] {target, "not measured in this run", ""});
            return;
        }
        double r = ours / baseline;
        boolean met = higherIsBetter ? r >= limit : r <= limit;
        rows.add(new String[] {target, String.format(Locale.ROOT, "%.2f ×", r), met ? "yes" : "**no**"});
    }

    /** An absolute upper bound. */
    private static void bound(List<String[]> rows, String target, double max, String unit, Double value) {
        if (value == null) {
            rows.add(new String[] {target, "not measured in this run", ""});
            return;
        }
        rows.add(new String[] {target, String.format(Locale.ROOT, "%,.1f %s", value, unit),
            value <= max ? "yes" : "**no**"});
    }
}

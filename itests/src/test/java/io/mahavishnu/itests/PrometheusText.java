package io.mahavishnu.itests;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parser of the Prometheus text exposition format (version 0.0.4), strict enough to fail on malformed output:
 * every sample line must be {@code name{label="value",...} number}, label values with the format's escapes, and
 * every sample must belong to a family announced by a {@code # TYPE} line.
 */
final class PrometheusText {

    /** One sample. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? ([-+]?(?:[0-9.]+(?:[eE][-+]?[0-9]+)?|Inf|NaN))");
    private static final Pattern LABEL = Pattern.compile(
            "([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"(,|$)");

    final List<Sample> samples = new ArrayList<>();
    final Map<String, String> types = new HashMap<>();

    PrometheusText(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("# HELP ")) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null && !m.group(2).isEmpty()) {
                Matcher l = LABEL.matcher(m.group(2));
                int end = 0;
                while (l.find() && l.start() == end) {
                    labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\n", "\n")
                            .replace("\\\\", "\\"));
                    end = l.end();
                }
                if (end != m.group(2).length()) {
                    throw new AssertionError("malformed labels: " + line);
                }
            }
            String name = m.group(1);
            if (family(name) == null) {
                throw new AssertionError("sample without a # TYPE line: " + line);
            }
            samples.add(new Sample(name, labels, Double.parseDouble(m.group(3).replace("Inf", "Infinity"))));
        }
    }

    private String family(String name) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : List.of("_total", "_bucket", "_count", "_sum", "_created")) {
            if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return null;
    }

    /** @return the value of the one sample with this name and (at least) these labels, or null */
    Double value(String name, String... labels) {
        Double found = null;
        for (Sample s : samples) {
            if (s.name().equals(name) && matches(s, labels)) {
                if (found != null) {
                    throw new AssertionError("more than one sample " + name + " with " + List.of(labels));
                }
                found = s.value();
            }
        }
        return found;
    }

    /** @return the sum of the samples with this name and (at least) these labels */
    double sum(String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name) && matches(s, labels))
                .mapToDouble(Sample::value).sum();
    }

    private static boolean matches(Sample s, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}

package io.mahavishnu.monitor.internal;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects metric families for one scrape in the Prometheus client's data model; keeps the collector free of
 * builder boilerplate. Label values are given as alternating name, value.
 */
final class Families {

    private final List<MetricSnapshot> snapshots = new ArrayList<>();

    /** A counter family; the text format appends {@code _total} to the name. */
    final class Counter {
        private final CounterSnapshot.Builder builder;

        private Counter(String name, String help) {
            builder = CounterSnapshot.builder().name(name).help(help);
        }

        Counter add(double value, String... labels) {
            builder.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value)
                    .labels(Labels.of(labels)).build());
            return this;
        }

        void done() {
            snapshots.add(builder.build());
        }
    }

    /** A gauge family. */
    final class Gauge {
        private final GaugeSnapshot.Builder builder;

        private Gauge(String name, String help) {
            builder = GaugeSnapshot.builder().name(name).help(help);
        }

        Gauge add(double value, String... labels) {
            builder.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value)
                    .labels(Labels.of(labels)).build());
            return this;
        }

        void done() {
            snapshots.add(builder.build());
        }
    }

    /** A classic histogram family. */
    final class Histogram {
        private final HistogramSnapshot.Builder builder;
        private final double[] bounds;

        private Histogram(String name, String help, double[] bounds) {
            builder = HistogramSnapshot.builder().name(name).help(help);
            double[] withInf = java.util.Arrays.copyOf(bounds, bounds.length + 1);
            withInf[bounds.length] = Double.POSITIVE_INFINITY;
            this.bounds = withInf;
        }

        /** @param counts observations per bucket (not cumulative), the last one for +Inf */
        Histogram add(long[] counts, double sum, String... labels) {
            builder.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts)).sum(sum)
                    .labels(Labels.of(labels)).build());
            return this;
        }

        void done() {
            snapshots.add(builder.build());
        }
    }

    Counter counter(String name, String help) {
        return new Counter(name, help);
    }

    Gauge gauge(String name, String help) {
        return new Gauge(name, help);
    }

    Histogram histogram(String name, String help, double[] bounds) {
        return new Histogram(name, help, bounds);
    }

    /** Shorthand for a family with one unlabelled value. */
    void counter(String name, String help, double value) {
        counter(name, help).add(value).done();
    }

    void gauge(String name, String help, double value) {
        gauge(name, help).add(value).done();
    }

    List<MetricSnapshot> all() {
        return List.copyOf(snapshots);
    }
}

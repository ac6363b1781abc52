package io.mahavishnu.monitor.internal;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics}: the Prometheus text format (or OpenMetrics when the scraper asks for it in {@code Accept}),
 * written by the official client's exposition writers.
 */
final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient MetricsCollector collector;
    private final transient ExpositionFormats formats;

    MetricsServlet(MetricsCollector collector, ExpositionFormats formats) {
        this.collector = collector;
        this.formats = formats;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        ExpositionFormatWriter writer = writer(req.getHeader("Accept"));
        // Built in memory first, so a failing collection answers 500 instead of a truncated scrape.
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        writer.write(body, collector.collect());
        res.setStatus(HttpServletResponse.SC_OK);
        res.setContentType(writer.getContentType());
        res.setHeader("Cache-Control", "no-store");
        res.setContentLength(body.size());
        body.writeTo(res.getOutputStream());
    }

    /** Text only: the protobuf writer needs bundles the runtime does not ship. */
    private ExpositionFormatWriter writer(String accept) {
        if (accept != null && formats.getOpenMetricsTextFormatWriter().accepts(accept)) {
            return formats.getOpenMetricsTextFormatWriter();
        }
        return formats.getPrometheusTextFormatWriter();
    }
}

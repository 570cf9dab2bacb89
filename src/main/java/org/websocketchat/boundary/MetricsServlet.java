package org.websocketchat.boundary;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics}: the chat's figures in the Prometheus text format (docs/metrics.md), for a
 * Prometheus to scrape. Counts and latencies only, labelled by close and error codes: nothing
 * names a member or a room. 503 while the chat is not running; {@code Server-Timing: scrape;dur=…}
 * says what the scrape cost.
 */
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** The text exposition format Prometheus has read since 0.4; what the registry writes. */
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OperatorAnswers.answer(response, CONTENT_TYPE, "scrape", Operations::metrics);
    }
}

package org.websocketchat.boundary;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics}: the chat's figures in the Prometheus text format (docs/metrics.md), for a
 * Prometheus to scrape. Counts and latencies only, labelled by close and error codes: nothing
 * names a member or a room. 503 while the chat is not running.
 */
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** The text exposition format Prometheus has read since 0.4; what the registry writes. */
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ChatRuntime> chat = ChatRuntime.find();
        response.setHeader("Cache-Control", "no-store");
        if (chat.isEmpty()) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "websocket-chat is not running");
            return;
        }
        long started = System.nanoTime();
        String text = chat.get().operations().metrics().get();
        // What the scrape cost this server, for whoever measures it (the benchmark): a W3C Server-Timing.
        response.setHeader("Server-Timing", String.format(Locale.ROOT, "scrape;dur=%.3f", (System.nanoTime() - started) / 1e6));
        response.setContentType(CONTENT_TYPE);
        response.getWriter().write(text);
    }
}

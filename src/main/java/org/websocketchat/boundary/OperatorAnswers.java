package org.websocketchat.boundary;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletResponse;

/** How the operators' paths answer: what the running chat's {@link Operations} give, never cached. */
final class OperatorAnswers {

    private OperatorAnswers() {
    }

    /**
     * Answers {@code part} of the running chat's operations as {@code contentType}, saying in a W3C
     * {@code Server-Timing} header (named {@code name}) what taking it cost this server; 503 while
     * the chat is not running.
     */
    static void answer(HttpServletResponse response, String contentType, String name, Function<Operations, Supplier<String>> part)
            throws IOException {
        Optional<ChatRuntime> chat = ChatRuntime.find();
        response.setHeader("Cache-Control", "no-store");
        if (chat.isEmpty()) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "websocket-chat is not running");
            return;
        }
        long started = System.nanoTime();
        String body = part.apply(chat.get().operations()).get();
        response.setHeader("Server-Timing", String.format(Locale.ROOT, "%s;dur=%.3f", name, (System.nanoTime() - started) / 1e6));
        write(response, contentType, body);
    }

    /** Answers {@code status} with {@code {"error":why}}; {@code why} is the caller's own words, no quotes. */
    static void refuse(HttpServletResponse response, int status, String why) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        write(response, "application/json", "{\"error\":\"" + why + "\"}");
    }

    private static void write(HttpServletResponse response, String contentType, String body) throws IOException {
        response.setContentType(contentType);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body);
    }
}

package org.websocketchat.boundary;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.websocketchat.control.Lobby;

/**
 * {@code GET /status}: {@code {"connections":N,"rooms":R,"queuedBytes":B,"largestQueueBytes":L}}, for load balancers, monitoring and
 * the resilience tests, which check that dropped clients are forgotten. Counts only: no names,
 * no rooms' names, nothing a member would not want shown. The queue figures are what the
 * outboxes hold for clients that read slower than the room talks, in all and in the fullest.
 */
public final class StatusServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Lobby lobby = ChatRuntime.current().lobby();
        Lobby.Queued queued = lobby.queued();
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        // Whole numbers only: no JSON library (and no provider lookup per request) needed.
        response.getWriter().write("{\"connections\":" + lobby.openConnections() + ",\"rooms\":" + lobby.rooms()
                + ",\"queuedBytes\":" + queued.bytes() + ",\"largestQueueBytes\":" + queued.largest() + "}");
    }
}

package org.websocketchat.boundary;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /admin/api}: the moderators' dashboard ({@code /admin/}) as JSON: samples of the last
 * 15 minutes, the busiest rooms, the moderation requests of the last hour. It names rooms and
 * members, so web.xml lets only the moderator role in; the container sends anyone else to sign in.
 */
public final class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ChatRuntime> chat = ChatRuntime.find();
        response.setHeader("Cache-Control", "no-store");
        if (chat.isEmpty()) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "websocket-chat is not running");
            return;
        }
        String json = chat.get().operations().dashboard().get();
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json);
    }
}

package org.websocketchat.boundary;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health/live} and {@code /health/ready}, for an orchestrator and a load balancer:
 * {@code {"status":"UP"}} with 200, or {@code {"status":"DOWN","reason":…}} with 503.
 *
 * <p>Live: the chat is running in this web application; 503 only before it has started and after
 * it has stopped, when restarting the server is the cure. Ready: it is running, is not shutting
 * down, and its relay (Redis, where configured) can be reached; a node that is not ready keeps
 * its clients but should be sent no new ones.
 */
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /**
     * The drain starts here: a container destroys every servlet before it tells any context
     * listener that the application stops (Servlet specification, ServletContextListener), and so
     * before its WebSocket implementation closes every session itself on that signal. web.xml
     * starts this servlet with the application so that it is there to be destroyed.
     */
    @Override
    public void destroy() {
        ChatRuntime.find().ifPresent(chat -> chat.operations().drain().run());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String check = request.getPathInfo();
        Optional<ChatRuntime> chat = ChatRuntime.find();
        Optional<String> down;
        if ("/live".equals(check)) {
            down = chat.isPresent() ? Optional.empty() : Optional.of("not running");
        } else if ("/ready".equals(check)) {
            down = chat.map(running -> running.lobby().notReady()).orElse(Optional.of("not running"));
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setStatus(down.isEmpty() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        // The reasons are this class's own words (no quotes or backslashes): no JSON library needed.
        response.getWriter().write(down.map(reason -> "{\"status\":\"DOWN\",\"reason\":\"" + reason + "\"}").orElse("{\"status\":\"UP\"}"));
    }
}

package org.websocketchat.boundary;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /admin/api}: the moderators' dashboard ({@code /admin/}) as JSON: samples of the last
 * 15 minutes, the busiest rooms, the moderation requests of the last hour. It names rooms and
 * members, so only the moderator role ({@code chat.roles.moderator}) may read it: 401 for a
 * visitor who is not signed in (the page then sends it through {@code /login}), 403 for anyone else.
 *
 * <p>It asks the container itself rather than through a security constraint: a constrained path
 * fetched by the page before sign-in is where some containers (Jetty) send the browser after it,
 * in place of the page (docs/containers.md, 35).
 */
public final class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> role = ChatRuntime.find().map(chat -> chat.operations().moderatorRole());
        if (role.isPresent() && request.getUserPrincipal() == null) {
            OperatorAnswers.refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "sign in first");
        } else if (role.isPresent() && !request.isUserInRole(role.get())) {
            OperatorAnswers.refuse(response, HttpServletResponse.SC_FORBIDDEN, "only moderators may see this");
        } else {
            OperatorAnswers.answer(response, "application/json", "dashboard", Operations::dashboard);
        }
    }
}

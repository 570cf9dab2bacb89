package org.websocketchat.boundary;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /admin/api}: the moderators' dashboard ({@code /admin/}) as JSON: samples of the last
 * 15 minutes, the busiest rooms, the moderation requests of the last hour. It names rooms and
 * members, so web.xml lets only the moderator role in.
 */
public final class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OperatorAnswers.answer(response, "application/json", "dashboard", Operations::dashboard);
    }
}

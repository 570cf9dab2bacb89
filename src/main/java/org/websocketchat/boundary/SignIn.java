package org.websocketchat.boundary;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /login}, the one path {@code web.xml} constrains to any signed-in user: the
 * container shows its FORM login page first, and once it has signed the user in it comes back
 * here, which sends the browser on to the chat page, or to the dashboard for {@code ?next=admin/}
 * (no other place: a free {@code next} would let any site send a user who signs in anywhere). The chat's handshake then carries the
 * session, and with it the principal ({@code Session.getUserPrincipal()}).
 */
public final class SignIn extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** The dashboard's page, which sends a visitor who is not signed in here. */
    private static final String DASHBOARD = "admin/";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        String next = DASHBOARD.equals(request.getParameter("next")) ? DASHBOARD : "";
        response.setHeader("Location", request.getContextPath() + "/" + next);
    }
}

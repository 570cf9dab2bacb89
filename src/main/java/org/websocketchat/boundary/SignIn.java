package org.websocketchat.boundary;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /login}, the one path {@code web.xml} constrains to any signed-in user: the
 * container shows its FORM login page first, and once it has signed the user in it comes back
 * here, which sends the browser on to the chat page. The chat's handshake then carries the
 * session, and with it the principal ({@code Session.getUserPrincipal()}).
 */
public final class SignIn extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + "/");
    }
}

package org.websocketchat.boundary;

import java.util.function.Supplier;

/**
 * What the operators' paths serve and do, lent by the composition root.
 *
 * @param metrics   {@code GET /metrics}: the Prometheus text, taken when called
 * @param dashboard {@code GET /admin/api}: the moderators' dashboard as JSON, taken when called
 * @param drain     turns new clients away and closes the open ones in batches over the drain time;
 *                  returns when done ({@link HealthServlet#destroy})
 * @param moderatorRole the container role that may read the dashboard ({@code chat.roles.moderator})
 */
public record Operations(Supplier<String> metrics, Supplier<String> dashboard, Runnable drain, String moderatorRole) {

    /** Serves nothing and drains nothing: for tests of the boundary alone. */
    public static final Operations NONE = new Operations(() -> "", () -> "{}", () -> { }, "chat-moderator");
}

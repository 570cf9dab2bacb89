package org.websocketchat.control;

import java.util.Set;

/**
 * Who a connection is, as the container told it at the handshake.
 *
 * @param verified whether the container signed the client in: its name is then the principal's
 * @param roles    the roles of the chat's settings the container found the user in (none for a guest)
 * @param mayPost  whether its messages reach its room, or are answered {@code forbidden}
 *                 ({@link Guests#READ_ONLY})
 * @param moderator whether it holds the moderator role ({@code chat.roles.moderator})
 */
public record Identity(boolean verified, Set<String> roles, boolean mayPost, boolean moderator) {

    /** A guest where guests may chat. */
    public static final Identity GUEST = new Identity(false, Set.of(), true, false);

    /** Someone who is not a moderator. */
    public Identity(boolean verified, Set<String> roles, boolean mayPost) {
        this(verified, roles, mayPost, false);
    }

    public Identity {
        roles = Set.copyOf(roles);
        if (!verified && (!roles.isEmpty() || moderator)) {
            throw new IllegalArgumentException("a guest has no roles");
        }
    }
}

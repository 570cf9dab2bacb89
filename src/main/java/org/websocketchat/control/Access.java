package org.websocketchat.control;

import java.util.HashSet;
import java.util.Set;

/**
 * Who may do what, by the container's roles: the rooms restricted to a role, and the role of the
 * moderators.
 *
 * @param restricted    rooms only the members of a role may join
 * @param moderatorRole the role that may kick, mute, ban and delete ({@code chat.roles.moderator})
 */
public record Access(RestrictedRooms restricted, String moderatorRole) {

    /** No restricted room; moderators in role {@code chat-moderator}. */
    public static final Access DEFAULT = new Access(RestrictedRooms.NONE, "chat-moderator");

    public Access {
        if (moderatorRole.isBlank() || moderatorRole.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a role name without spaces");
        }
    }

    /** The roles the handshake must ask the container about. */
    public Set<String> roles() {
        Set<String> roles = new HashSet<>(restricted.roles());
        roles.add(moderatorRole);
        return Set.copyOf(roles);
    }
}

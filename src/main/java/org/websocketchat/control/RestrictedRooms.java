package org.websocketchat.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rooms only members of a role may join ({@code chat.rooms.restricted=staff:chat-staff,ops:chat-ops}).
 * The role is the container's: whether the signed-in user is in it is asked at the handshake, so
 * a guest is never in one.
 *
 * @param roleByRoom the role each restricted room asks for; a room not named here is open
 */
public record RestrictedRooms(Map<String, String> roleByRoom) {

    public static final RestrictedRooms NONE = new RestrictedRooms(Map.of());

    public RestrictedRooms {
        roleByRoom = Map.copyOf(roleByRoom);
        roleByRoom.forEach((room, role) -> {
            if (DisplayNames.room(room).filter(room::equals).isEmpty() || role.isBlank()) {
                throw new IllegalArgumentException("a restricted room is a room name and a role, got " + room + ":" + role);
            }
        });
    }

    /**
     * From {@code room:role} pairs separated by commas, such as {@code staff:chat-staff,ops:chat-ops};
     * blank for none. A room named twice is refused, as a likely typo.
     */
    public static RestrictedRooms parse(String text) {
        Map<String, String> rules = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("expected room:role pairs separated by commas, such as staff:chat-staff");
            }
            String room = DisplayNames.room(pair.substring(0, colon))
                    .orElseThrow(() -> new IllegalArgumentException("invalid room in '" + pair.strip() + "': use 1-32 of a-z 0-9 _ -"));
            String role = pair.substring(colon + 1).strip();
            if (role.isEmpty() || role.chars().anyMatch(c -> Character.isWhitespace(c) || c == ':')) {
                throw new IllegalArgumentException("invalid role in '" + pair.strip() + "': a role name without spaces or colons");
            }
            if (rules.putIfAbsent(room, role) != null) {
                throw new IllegalArgumentException("room " + room + " is restricted twice");
            }
        }
        return new RestrictedRooms(rules);
    }

    /** The roles the handshake must ask the container about. */
    public Set<String> roles() {
        return Set.copyOf(roleByRoom.values());
    }

    /** Why {@code identity} may not join {@code room}, if it may not. */
    Optional<String> refusal(String room, Identity identity) {
        String role = roleByRoom.get(room);
        if (role == null || identity.roles().contains(role)) {
            return Optional.empty();
        }
        return Optional.of("#" + room + " is restricted to role " + role);
    }
}

package org.websocketchat.control;

import java.util.Set;

/**
 * What a client asked for when it connected, and who the container says it is. Each string is
 * {@code null} when absent.
 *
 * @param principal the signed-in user's name; when present it is the member's name
 * @param name      the {@code name} query parameter
 * @param room      the {@code room} query parameter
 * @param since     the {@code since} query parameter: the last event id the client saw
 * @param roles     of the roles the chat's settings name, those the container found the user in
 */
public record Handshake(String principal, String name, String room, String since, Set<String> roles) {

    public Handshake {
        roles = Set.copyOf(roles);
        if (principal == null && !roles.isEmpty()) {
            throw new IllegalArgumentException("roles without a principal");
        }
    }

    /** A handshake that holds no role the chat asks about. */
    public Handshake(String principal, String name, String room, String since) {
        this(principal, name, room, since, Set.of());
    }
}

package org.websocketchat.boundary;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The signed-in user's roles, as the container knows them. JSR 356 asks about roles only during
 * the handshake ({@link HandshakeRequest#isUserInRole}); a {@link Session} has the principal but no
 * roles. So {@link ChatConfigurator#modifyHandshake} asks about each role the chat's settings name
 * and keeps the answer in the user properties, which the API gives each session a copy of, and
 * the endpoint reads it from its session at open.
 */
final class HandshakeRoles {

    /** Session user property: the set of the chat's roles the user is in. */
    private static final String KEY = "websocket-chat.roles";

    private HandshakeRoles() {
    }

    static void capture(ServerEndpointConfig config, HandshakeRequest request) {
        Set<String> asked = ChatRuntime.find().map(ChatRuntime::roles).orElse(Set.of());
        Set<String> held = request.getUserPrincipal() == null ? Set.of()
                : asked.stream().filter(request::isUserInRole).collect(Collectors.toUnmodifiableSet());
        config.getUserProperties().put(KEY, held);
    }

    /** The roles captured at this session's handshake; none if nothing was captured. */
    static Set<String> of(Session session) {
        Object held = session.getUserProperties().get(KEY);
        if (!(held instanceof Set<?> roles)) {
            return Set.of();
        }
        return roles.stream().map(String.class::cast).collect(Collectors.toUnmodifiableSet());
    }
}

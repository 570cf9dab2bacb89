package org.websocketchat.boundary;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.websocket.Session;

import org.websocketchat.control.Handshake;

/** Reads what a client asked for when it connected from its session: the principal, its roles and the query. */
final class SessionHandshake {

    private SessionHandshake() {
    }

    static Handshake of(Session session) {
        Map<String, List<String>> query = QueryParameters.parse(session.getQueryString());
        Principal principal = session.getUserPrincipal();
        return new Handshake(
                principal != null ? principal.getName() : null,
                parameter(query, "name"),
                parameter(query, "room"),
                parameter(query, "since"),
                principal != null ? HandshakeRoles.of(session) : Set.of());
    }

    /** The first value of a query parameter; blank counts as absent. */
    private static String parameter(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }
}

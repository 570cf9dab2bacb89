package org.websocketchat.boundary;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.websocket.Session;

import org.websocketchat.control.Handshake;

/** Reads what a client asked for when it connected from its session: who it is (principal or token), its roles and the query. */
final class SessionHandshake {

    private SessionHandshake() {
    }

    /**
     * The container's sign-in comes first; a valid token ({@link HandshakeToken}) stands in for it
     * where there is none, its roles kept to those the chat asks about, as the container's are.
     */
    static Handshake of(Session session, Set<String> rolesAsked) {
        Map<String, List<String>> query = QueryParameters.parse(session.getQueryString());
        Principal principal = session.getUserPrincipal();
        String name = principal != null ? principal.getName() : null;
        Set<String> roles = principal != null ? HandshakeRoles.of(session) : Set.of();
        Optional<BearerTokens.Bearer> bearer = HandshakeToken.of(session).flatMap(BearerTokens.Verdict::bearer);
        if (principal == null && bearer.isPresent()) {
            name = bearer.get().name();
            roles = bearer.get().roles().stream().filter(rolesAsked::contains).collect(Collectors.toUnmodifiableSet());
        }
        return new Handshake(name, parameter(query, "name"), parameter(query, "room"), parameter(query, "since"), roles);
    }

    /** The first value of a query parameter; blank counts as absent. */
    private static String parameter(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }
}

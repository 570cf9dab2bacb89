package org.websocketchat.boundary;

import java.util.List;
import java.util.Map;

import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The one judge of a handshake's {@code Origin}, asked at each point where a container lets the
 * application refuse it. Which point decides depends on the container (docs/containers.md):
 * <ol>
 * <li>{@link OriginGate}, a filter, answers 403 where the container runs the application's
 * filters before its upgrade, or passes a handshake refused by {@code checkOrigin} on to them;</li>
 * <li>{@link ChatConfigurator#checkOrigin} refuses with the container's own 403 when the request's
 * {@code Host} is visible there ({@link HandshakeHost});</li>
 * <li>otherwise {@link ChatConfigurator#modifyHandshake} marks the session, and the endpoint closes
 * it 1008 "origin not allowed" before anything is sent.</li>
 * </ol>
 * While the chat is not running, every origin passes here: the endpoint refuses on its own.
 */
final class OriginCheck {

    /** Session user property set when the origin was found refused after {@code checkOrigin}. */
    private static final String REFUSED = "websocket-chat.origin-refused";

    private OriginCheck() {
    }

    static boolean allows(String origin, String host) {
        return ChatRuntime.find().map(chat -> chat.origins().allows(origin, host)).orElse(true);
    }

    /** For {@code checkOrigin}, which is handed the {@code Origin} alone. */
    static boolean allowsAtCheckOrigin(String origin) {
        if (ChatRuntime.find().map(chat -> chat.origins().allowsOnAnyHost(origin)).orElse(true)) {
            return true;
        }
        return HandshakeHost.current().map(host -> allows(origin, host)).orElse(true);
    }

    /** For {@code modifyHandshake}: marks the session to be closed at open if the origin is refused. */
    static void markIfRefused(ServerEndpointConfig config, HandshakeRequest request) {
        Map<String, List<String>> headers = request.getHeaders();
        if (!allows(header(headers, "Origin"), header(headers, "Host"))) {
            config.getUserProperties().put(REFUSED, Boolean.TRUE);
        }
    }

    static boolean refusedAtHandshake(Session session) {
        return Boolean.TRUE.equals(session.getUserProperties().get(REFUSED));
    }

    /** Header names are case-insensitive, and containers differ in the case of the map's keys. */
    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }
}

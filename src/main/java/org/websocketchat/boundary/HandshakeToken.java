package org.websocketchat.boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * A signed token offered as a subprotocol ({@link BearerTokens}): checked in
 * {@link ChatConfigurator#modifyHandshake}, where the request's headers are visible, and its
 * verdict kept in the session's copy of the user properties for the endpoint to read at open.
 */
final class HandshakeToken {

    /** Session user property: the {@link BearerTokens.Verdict} of the token offered, if one was. */
    private static final String KEY = "websocket-chat.token";

    private HandshakeToken() {
    }

    static void capture(ServerEndpointConfig config, HandshakeRequest request) {
        Optional<String> token = BearerTokens.offered(values(request.getHeaders(), "Sec-WebSocket-Protocol"));
        if (token.isEmpty()) {
            config.getUserProperties().remove(KEY);
            return;
        }
        BearerTokens tokens = ChatRuntime.find().map(ChatRuntime::tokens).orElse(BearerTokens.NONE);
        config.getUserProperties().put(KEY, tokens.verify(token.get()));
    }

    /** The verdict on the token this session's handshake offered; empty if it offered none. */
    static Optional<BearerTokens.Verdict> of(Session session) {
        return session.getUserProperties().get(KEY) instanceof BearerTokens.Verdict verdict ? Optional.of(verdict) : Optional.empty();
    }

    /** Header names are case-insensitive, and containers differ in the case of the map's keys. */
    private static List<String> values(Map<String, List<String>> headers, String name) {
        List<String> values = new ArrayList<>();
        headers.forEach((key, found) -> {
            if (key.equalsIgnoreCase(name)) {
                values.addAll(found);
            }
        });
        return values;
    }
}

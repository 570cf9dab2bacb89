package org.websocketchat.boundary;

import java.util.List;
import java.util.Map;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import org.websocketchat.control.OriginPolicy;
import org.websocketchat.lifecycle.ChatApplication;

/**
 * The handshake: refuses a disallowed {@code Origin} with 403 where it can ({@link #checkOrigin}),
 * and otherwise marks the session so that the endpoint closes it 1008 before any frame is sent.
 */
public class ChatConfigurator extends ServerEndpointConfig.Configurator {

    /** Session user property set when the origin was found disallowed after {@code checkOrigin}. */
    static final String ORIGIN_REFUSED = "websocket-chat.origin-refused";

    @Override
    public boolean checkOrigin(String origin) {
        OriginPolicy policy = ChatApplication.running().originPolicy();
        if (policy.allowsOnAnyHost(origin)) {
            return true;
        }
        return HandshakeHost.current().map(host -> policy.allows(origin, host)).orElse(true);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        OriginPolicy policy = ChatApplication.running().originPolicy();
        Map<String, List<String>> headers = request.getHeaders();
        if (!policy.allows(header(headers, "Origin"), header(headers, "Host"))) {
            config.getUserProperties().put(ORIGIN_REFUSED, Boolean.TRUE);
        }
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

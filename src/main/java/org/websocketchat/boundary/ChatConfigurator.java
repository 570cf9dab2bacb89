package org.websocketchat.boundary;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The handshake: refuses a disallowed {@code Origin} with 403 where it can ({@link #checkOrigin}),
 * and otherwise marks the session so that the endpoint closes it 1008 before any frame is sent
 * ({@link OriginCheck}); and asks the container which of the chat's roles the signed-in user is in
 * ({@link HandshakeRoles}), and checks a token offered as a subprotocol ({@link HandshakeToken}).
 */
public class ChatConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public boolean checkOrigin(String origin) {
        return OriginCheck.allowsAtCheckOrigin(origin);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        OriginCheck.markIfRefused(config, request);
        HandshakeRoles.capture(config, request);
        HandshakeToken.capture(config, request);
    }
}

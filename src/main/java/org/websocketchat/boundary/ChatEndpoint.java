package org.websocketchat.boundary;

import java.nio.ByteBuffer;
import java.util.Optional;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import org.websocketchat.control.Connection;
import org.websocketchat.control.Peer;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.wire.JsonWire;
import org.websocketchat.wire.Wire;

/**
 * The chat endpoint: the JSR 356 lifecycle of one connection, each event decoded here and handed
 * to its {@link Connection}. The container creates one instance per connection and calls it for
 * one event at a time.
 */
@ServerEndpoint(value = "/chat", subprotocols = JsonWire.SUBPROTOCOL, configurator = ChatConfigurator.class)
public class ChatEndpoint {

    private final ChatRuntime chat = ChatRuntime.current();
    private final TextAssembler incoming = new TextAssembler();
    private Wire wire;
    /** Empty when the connection was refused at open; the container then only reports the close. */
    private volatile Optional<Connection> connection = Optional.empty();

    @OnOpen
    public void open(Session session) {
        Peer peer = chat.peer(session);
        if (OriginCheck.refusedAtHandshake(session)) {
            chat.lobby().refuse(peer, CloseCodes.POLICY_VIOLATION, "origin not allowed");
            return;
        }
        Optional<String> tokenRefused = HandshakeToken.of(session).flatMap(BearerTokens.Verdict::refusal);
        if (tokenRefused.isPresent()) {
            chat.lobby().refuse(peer, CloseCodes.POLICY_VIOLATION, tokenRefused.get());
            return;
        }
        wire = chat.wire(session.getNegotiatedSubprotocol());
        connection = chat.lobby().admit(SessionHandshake.of(session, chat.roles()), peer, wire);
    }

    /** Parts, not whole messages: see {@link TextAssembler} for why. */
    @OnMessage
    public void text(String part, boolean last) {
        connection.ifPresent(here -> {
            Optional<String> message = incoming.add(part, last);
            if (incoming.tooBig()) {
                here.refuse(CloseCodes.TOO_BIG, "message too big");
            } else {
                message.map(wire::read).ifPresent(here::receive);
            }
        });
    }

    /** In parts, so that the container needs no buffer for a message the chat refuses anyway. */
    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        connection.ifPresent(here -> here.endAfterDrain(CloseCodes.CANNOT_ACCEPT, "binary frames are not supported"));
    }

    @OnMessage
    public void pong(PongMessage pong) {
        connection.ifPresent(here -> here.pong(pong.getApplicationData()));
    }

    @OnClose
    public void close(CloseReason reason) {
        chat.lobby().closed(connection, reason.getCloseCode().getCode());
    }

    @OnError
    public void error(Session session, Throwable failure) {
        EndpointErrors.log(session, failure);
    }
}

package org.websocketchat.boundary;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.List;
import java.util.Map;
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
import org.websocketchat.control.Handshake;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.lifecycle.ChatApplication;

/**
 * The chat endpoint. It only hands each lifecycle event to the {@link Connection} of its session;
 * the rules live in the control package. The container creates one instance per connection and
 * calls it for one event at a time.
 */
@ServerEndpoint(value = "/chat", subprotocols = JsonWire.SUBPROTOCOL, configurator = ChatConfigurator.class)
public class ChatEndpoint {

    private static final Logger LOG = System.getLogger(ChatEndpoint.class.getName());
    private static final String APPLICATION_PACKAGE = "org.websocketchat.";

    private final ChatApplication app = ChatApplication.running();
    /** Absent when the connection was refused at open; the container then only reports the close. */
    private volatile Connection connection;
    private final TextAssembler incoming = new TextAssembler();

    @OnOpen
    public void open(Session session) {
        // No idle timeout: normally the container's default already (see ChatLifecycle); setting
        // it again on Tyrus would only reschedule its idle check.
        if (session.getMaxIdleTimeout() != 0) {
            session.setMaxIdleTimeout(0);
        }
        connection = app.lobby()
                .admit(handshake(session), new SessionPeer(session, app.sends(), app.io()), app.wire(session.getNegotiatedSubprotocol()))
                .orElse(null);
    }

    /** Parts, not whole messages: see {@link TextAssembler} for why. */
    @OnMessage
    public void text(String part, boolean last) {
        if (connection == null) {
            return;
        }
        Optional<String> message = incoming.add(part, last);
        if (incoming.tooBig()) {
            connection.refuse(CloseCodes.TOO_BIG, "message too big");
            return;
        }
        message.ifPresent(connection::receive);
    }

    /** In parts, so that the container needs no buffer for a message the chat refuses anyway. */
    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        if (connection != null) {
            connection.endAfterDrain(CloseCodes.CANNOT_ACCEPT, "binary frames are not supported");
        }
    }

    @OnMessage
    public void pong(PongMessage pong) {
        if (connection != null) {
            ByteBuffer data = pong.getApplicationData().duplicate();
            byte[] payload = new byte[data.remaining()];
            data.get(payload);
            connection.pong(payload);
        }
    }

    @OnClose
    public void close(CloseReason reason) {
        if (connection != null) {
            app.lobby().closed(connection);
        }
    }

    /**
     * A vanished client is routine, and so is a client that breaks the protocol (a frame over the
     * size limit, invalid UTF-8): the container has already closed it with the right code.
     * Containers report those differently: Tomcat as IOExceptions, Jetty as its own runtime
     * exceptions. So what decides is where the failure arose: in this application's code it is a
     * bug worth a WARNING; otherwise DEBUG, or any client could fill the log with stack traces.
     * Nothing reaches the client.
     */
    @OnError
    public void error(Session session, Throwable failure) {
        Level level = failure instanceof IOException || !raisedByTheApplication(failure) ? Level.DEBUG : Level.WARNING;
        LOG.log(level, "WebSocket error on session " + session.getId(), failure);
    }

    private static boolean raisedByTheApplication(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith(APPLICATION_PACKAGE)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Handshake handshake(Session session) {
        Map<String, List<String>> query = QueryParameters.parse(session.getQueryString());
        Principal principal = session.getUserPrincipal();
        return new Handshake(
                principal != null ? principal.getName() : null,
                parameter(query, "name"),
                parameter(query, "room"),
                parameter(query, "since"),
                Boolean.TRUE.equals(session.getUserProperties().get(ChatConfigurator.ORIGIN_REFUSED)));
    }

    /** The first value of a query parameter; blank counts as absent. */
    private static String parameter(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }
}

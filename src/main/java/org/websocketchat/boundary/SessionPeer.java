package org.websocketchat.boundary;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import org.websocketchat.control.Peer;
import org.websocketchat.entity.CloseCodes;

/**
 * A {@link Peer} over a JSR 356 session. Sends go through {@code getAsyncRemote()} only, driven
 * by the connection's outbox one at a time. A session that the client has just dropped makes
 * these calls fail; that is routine, so it is logged at DEBUG and left to {@code @OnClose}.
 */
final class SessionPeer implements Peer {

    private static final Logger LOG = System.getLogger(SessionPeer.class.getName());

    /**
     * Tomcat waits only 50 ms for a frame in flight before it drops a connection closed with any
     * code but 1000, so a slow consumer would never see its 1008. Other containers ignore the key.
     */
    private static final String TOMCAT_ABNORMAL_CLOSE_SEND_TIMEOUT = "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT";
    private static final long CLOSE_SEND_TIMEOUT_MILLIS = 5_000;
    /**
     * How long Tomcat lets a blocking send (a ping, a close frame) wait for a full socket;
     * its default is 20 s, and each waiting ping holds an {@code io} thread.
     */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    private static final long BLOCKING_SEND_TIMEOUT_MILLIS = 5_000;

    private final Session session;
    private final Executor blocking;

    /** {@code blocking} runs the calls the standard API only offers as blocking ones. */
    SessionPeer(Session session, Executor blocking) {
        this.session = session;
        this.blocking = blocking;
        session.getUserProperties().put(TOMCAT_ABNORMAL_CLOSE_SEND_TIMEOUT, CLOSE_SEND_TIMEOUT_MILLIS);
        session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, BLOCKING_SEND_TIMEOUT_MILLIS);
    }

    @Override
    public void send(String text, Consumer<Throwable> done) {
        try {
            session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
        } catch (IllegalStateException e) {
            LOG.log(Level.DEBUG, "Send on closed session {0}: {1}", session.getId(), e.getMessage());
            done.accept(e);
        } catch (RuntimeException e) {
            // A container that refuses the payload outright must not leave the outbox waiting
            // for a completion that will never come.
            LOG.log(Level.WARNING, "Send on session " + session.getId() + " refused", e);
            done.accept(e);
        }
    }

    @Override
    public void ping(byte[] payload, Consumer<Throwable> done) {
        try {
            blocking.execute(() -> {
                try {
                    session.getAsyncRemote().sendPing(ByteBuffer.wrap(payload));
                    done.accept(null);
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.DEBUG, "Ping on session {0} failed: {1}", session.getId(), e.getMessage());
                    done.accept(e);
                }
            });
        } catch (RejectedExecutionException e) {
            done.accept(e); // the application is stopping
        }
    }

    @Override
    public void close(CloseCodes code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason));
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.DEBUG, "Close of session {0} failed: {1}", session.getId(), e.getMessage());
        }
    }
}

package org.websocketchat.boundary;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;

import org.websocketchat.control.Peer;
import org.websocketchat.entity.CloseCodes;

/**
 * A {@link Peer} over a JSR 356 session, and the one place for what containers do differently
 * to a session (docs/containers.md). Sends are driven by the connection's outbox one at a time:
 * through {@code getAsyncRemote()}, or the blocking {@code getBasicRemote()} for a frame the
 * client is known to have room for. A session that the client has just dropped makes these
 * calls fail; that is routine, so it is logged at DEBUG and left to {@code @OnClose}.
 *
 * <p>A send the container completes on the thread that started it (docs/containers.md, 2) is
 * reported done in place for up to {@value #INLINE_RUN} sends in a row, so the outbox's next send
 * follows on the same thread; after that it is reported on the application's {@code sends} threads,
 * and the run starts again there. The first send of an idle outbox usually starts on a
 * broadcasting thread, the thread that read the sender's frame: carried on without end, the
 * broadcast would write each member's whole queue before the sender's next frame is read, and
 * the pongs that answer the heartbeat would wait behind it. Handed on after every send, each
 * frame costs a hand-off, and where the container writes the frame inside {@code sendText} all of
 * the writing funnels through the few {@code sends} threads: a server behind on its own writes
 * then overflows the outboxes of clients that read. A bounded run keeps both costs small.
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

    /** Sends in a row reported done on the thread that started them, before one is handed on. */
    static final int INLINE_RUN = 32;

    private final Session session;
    private final Executor sends;
    private final Executor blocking;
    /** Whether {@link #sendDirectly} and {@link #pingDirectly} use the blocking calls, or the usual way. */
    private final boolean directWrites;
    /**
     * Held for a batch ({@link #sendDirectly(List, Consumer)}) and for a close: a close frame
     * sent while batching is allowed would join the batch's buffer, and once the container counts
     * the session closed that buffer is never written, so the client would not see the close
     * (docs/containers.md, 29). A batch only goes to a client that reads, so a close waits for
     * it no longer than a write that does not block.
     */
    private final Object batchOrClose = new Object();
    /**
     * Sends completed in place since the last hand-on; touched only by the thread that pumps
     * the outbox, one at a time, which the outbox's lock orders.
     */
    private int inlineRun;

    /**
     * {@code sends} carries on after a send completed on its calling thread (it must run tasks
     * that never block, in the order given); {@code blocking} runs the calls the standard API only
     * offers as blocking ones.
     */
    SessionPeer(Session session, Executor sends, Executor blocking, boolean directWrites) {
        this.session = session;
        this.directWrites = directWrites;
        this.sends = sends;
        this.blocking = blocking;
        session.getUserProperties().put(TOMCAT_ABNORMAL_CLOSE_SEND_TIMEOUT, CLOSE_SEND_TIMEOUT_MILLIS);
        session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, BLOCKING_SEND_TIMEOUT_MILLIS);
        // No idle timeout (see ContainerDefaults); setting it again where it is already 0 would
        // only make Tyrus reschedule its idle check.
        if (session.getMaxIdleTimeout() != 0) {
            session.setMaxIdleTimeout(0);
        }
    }

    @Override
    public void send(String text, Consumer<Throwable> done) {
        Thread caller = Thread.currentThread();
        try {
            session.getAsyncRemote().sendText(text, result -> {
                Throwable failure = result.isOK() ? null : result.getException();
                if (Thread.currentThread() != caller) {
                    inlineRun = 0;
                    done.accept(failure);
                } else if (++inlineRun < INLINE_RUN) {
                    done.accept(failure);
                } else {
                    inlineRun = 0;
                    doneElsewhere(done, failure);
                }
            });
        } catch (IllegalStateException e) {
            LOG.log(Level.DEBUG, "Send on closed session {0}: {1}", session.getId(), e.getMessage());
            done.accept(e);
        } catch (RuntimeException e) {
            // A container that refuses the payload outright must not leave the outbox waiting
            // for a completion that will never come.
            refused(e);
            done.accept(e);
        }
    }

    /**
     * The blocking send, which only the outbox's pump calls (one send at a time per session, like
     * every other), and only for a frame the client has room for, so it returns at once; should
     * that ever be wrong, a blocking send on Tomcat gives up after {@link #BLOCKING_SEND_TIMEOUT_MILLIS}.
     */
    @Override
    public void sendDirectly(String text, Consumer<Throwable> done) {
        if (!directWrites) {
            send(text, done);
            return;
        }
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Direct send on session {0} failed: {1}", session.getId(), e.getMessage());
            done.accept(e);
            return;
        } catch (RuntimeException e) {
            refusedDirect(e, () -> send(text, done), done);
            return;
        }
        done.accept(null);
    }

    /**
     * Several frames the client has room for, as one batch (the standard API's
     * {@code setBatchingAllowed}): the container encodes each into its output buffer and writes
     * the lot when batching is turned off again, one write instead of one per frame. A container
     * that does not batch sends each at once, which is {@link #sendDirectly(String, Consumer)}
     * in a loop. Like that one, only the outbox's pump calls it, so this session still has one
     * writer: a broadcast never reaches {@code getBasicRemote()} but through the member's outbox.
     */
    @Override
    public void sendDirectly(List<String> texts, Consumer<Throwable> done) {
        if (!directWrites) {
            Peer.sendInTurn(this, texts, 0, done);
            return;
        }
        int sent = 0;
        Exception failure = null;
        synchronized (batchOrClose) {
            try {
                // Inside the try: a session closed meanwhile refuses getBasicRemote() itself.
                RemoteEndpoint.Basic remote = session.getBasicRemote();
                remote.setBatchingAllowed(true);
                try {
                    for (String text : texts) {
                        remote.sendText(text);
                        sent++;
                    }
                } finally {
                    remote.setBatchingAllowed(false);
                }
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        }
        if (failure instanceof RuntimeException refused) {
            int from = sent;
            refusedDirect(refused, () -> Peer.sendInTurn(this, texts, from, done), done);
        } else if (failure != null) {
            LOG.log(Level.DEBUG, "Direct batch on session {0} failed: {1}", session.getId(), failure.getMessage());
            done.accept(failure);
        } else {
            done.accept(null);
        }
    }

    /**
     * A direct write the container refused: while the session is open it goes the usual way
     * instead, since a container may refuse a blocking call on some of its own threads (one that
     * runs its I/O, say; docs/containers.md, 27); on a closed session it has failed.
     */
    private void refusedDirect(RuntimeException e, Runnable usualWay, Consumer<Throwable> done) {
        if (session.isOpen()) {
            LOG.log(Level.DEBUG, "Direct write on session {0} refused, sent the usual way: {1}", session.getId(), e.getMessage());
            usualWay.run();
        } else {
            LOG.log(Level.DEBUG, "Write on closed session {0}: {1}", session.getId(), e.getMessage());
            done.accept(e);
        }
    }

    private void refused(RuntimeException e) {
        // Tyrus refuses a send on a session whose socket has just closed with a plain
        // RuntimeException: routine, like a closed session.
        if (session.isOpen()) {
            LOG.log(Level.WARNING, "Send on session " + session.getId() + " refused", e);
        } else {
            LOG.log(Level.DEBUG, "Send on closed session {0}: {1}", session.getId(), e.getMessage());
        }
    }

    private void doneElsewhere(Consumer<Throwable> done, Throwable failure) {
        try {
            sends.execute(() -> done.accept(failure));
        } catch (RejectedExecutionException stopping) {
            done.accept(failure); // the application is stopping: there are no turns left to take
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
    public boolean writesDirectly() {
        return directWrites;
    }

    /** The standard API's ping, which blocks, on the calling thread: only for a client that has room for it. */
    @Override
    public void pingDirectly(byte[] payload, Consumer<Throwable> done) {
        if (!directWrites) {
            ping(payload, done);
            return;
        }
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.wrap(payload));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Ping on session {0} failed: {1}", session.getId(), e.getMessage());
            done.accept(e);
            return;
        } catch (RuntimeException e) {
            refusedDirect(e, () -> ping(payload, done), done);
            return;
        }
        done.accept(null);
    }

    /** Not while a batch is open: see {@link #batchOrClose}. */
    @Override
    public void close(CloseCodes code, String reason) {
        synchronized (batchOrClose) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason));
            } catch (IOException | IllegalStateException e) {
                LOG.log(Level.DEBUG, "Close of session {0} failed: {1}", session.getId(), e.getMessage());
            }
        }
    }
}

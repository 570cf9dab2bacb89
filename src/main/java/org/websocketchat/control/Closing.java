package org.websocketchat.control;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.websocketchat.entity.CloseCodes;

/**
 * How one {@link Connection} ends: the close state machine, and the one place that closes a peer.
 *
 * <p>States, in one {@link AtomicReference}: <em>open</em>; <em>ending</em> (the first ending
 * decided why, the member has left its room, the close frame waits for the outbox); <em>closed</em>
 * (the close frame has been handed to the peer, or the peer reported the connection closed).
 * Every ending moves open → ending once; any later ending has no effect. The ways in:
 * <ul>
 * <li>{@link #end}: drop what is queued, close once the frame in flight has completed. A close
 * frame sent while another frame is still in flight may be lost: a peer may cancel its pending
 * writes when the session closes, the close frame among them.</li>
 * <li>{@link #endAfterDrain}: send what is queued first, such as the error that explains the close.</li>
 * <li>{@link #refuse}: {@code end} for a client frame the connection cannot survive.</li>
 * <li>{@link #sendFailed}: the peer found the connection broken and closes it itself; only the
 * leave happens here, and {@link #cutShortIfOverdue} closes it 1011 should the peer still hold it.</li>
 * <li>{@link #closed}: the peer reports the connection closed, whoever closed it.</li>
 * </ul>
 * A close waiting longer than the grace period (a heartbeat interval) for the outbox is cut short
 * by {@link #cutShortIfOverdue}. A close the peer has not reported a grace period after it was
 * handed over is given up on: the peer reports every close, but a connection it never reports
 * would otherwise be counted open, and hold its place under the connection cap, for good.
 *
 * <p>Threads: closes run on {@code io}, since a close frame may wait for a stalled socket and
 * neither a broadcast nor the heartbeat may wait with it; the leave also runs there, since an
 * ending may start inside the room's own broadcast, under its lock. The exception: a close that a
 * client's own frame brought about ({@link #endAfterDrain}, {@link #refuse}) with nothing left to
 * send runs at once on the thread that delivered that frame, while that call is still running. A
 * peer may race a close from a thread of the application's with its own work on the connection;
 * the thread that delivered the client's frame is the one a peer is guaranteed not to race with.
 * A drain that ends later hands the close to {@code io} even on that same thread, which by then
 * may be inside the peer's send callback.
 */
final class Closing {

    private static final Logger LOG = System.getLogger(Closing.class.getName());

    private sealed interface State {
    }

    private enum Settled implements State {
        OPEN, CLOSED
    }

    /** Since when the close has been with the peer, which has not reported it yet. */
    private record Handed(long since) implements State {
    }

    /** Why and since when a connection is ending. */
    private record Ending(CloseCodes code, String reason, long since) implements State {
    }

    private final Peer peer;
    private final Outbox outbox;
    private final Executor io;
    private final LongSupplier nanoTime;
    private final long grace;
    private final Runnable leave;
    /** Who is ending, for the log: the member's name and room. */
    private final Supplier<String> who;
    private final AtomicReference<State> state = new AtomicReference<>(Settled.OPEN);
    /** Completes once the close frame has been handed to the peer, or the peer reported it closed. */
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** The thread inside {@link #onThisThread}, if any: a close it starts runs there. */
    private volatile Thread closer;

    Closing(Peer peer, Outbox outbox, Executor io, LongSupplier nanoTime, Duration grace, Runnable leave, Supplier<String> who) {
        this.peer = peer;
        this.outbox = outbox;
        this.io = io;
        this.nanoTime = nanoTime;
        this.grace = grace.toNanos();
        this.leave = leave;
        this.who = who;
    }

    boolean isOpen() {
        return state.get() == Settled.OPEN;
    }

    CompletableFuture<Void> end(CloseCodes code, String reason) {
        endFirst(code, reason);
        return done;
    }

    /**
     * As {@link #end}; whether this call began the ending, so that a close two threads call for
     * at once is counted once.
     */
    boolean endFirst(CloseCodes code, String reason) {
        Ending first = begin(code, reason);
        if (first == null) {
            return false;
        }
        leaveSoon();
        outbox.close();
        outbox.whenDrained(() -> closeNow(first));
        return true;
    }

    /** Call on the thread that delivered the client's frame. */
    void refuse(CloseCodes code, String reason) {
        onThisThread(() -> end(code, reason));
    }

    /** Call on the thread that delivered the client's offending frame. */
    void endAfterDrain(CloseCodes code, String reason) {
        onThisThread(() -> {
            Ending first = begin(code, reason);
            if (first != null) {
                leaveSoon();
                outbox.seal();
                outbox.whenDrained(() -> closeNow(first));
            }
        });
    }

    void sendFailed() {
        if (begin(CloseCodes.UNEXPECTED_CONDITION, "send failed") != null) {
            leaveSoon();
            outbox.close();
        }
    }

    void closed() {
        state.set(Settled.CLOSED);
        outbox.close();
        leave.run();
        done.complete(null);
    }

    /**
     * The heartbeat's part: closes a connection that has been ending for longer than the grace
     * period. Returns whether the peer has held a close for longer than that without reporting
     * it, when the connection should be forgotten as if it had.
     */
    boolean cutShortIfOverdue() {
        State now = state.get();
        if (now instanceof Ending ending && nanoTime.getAsLong() - ending.since() > grace) {
            outbox.close();
            closeNow(ending);
        } else if (now instanceof Handed handed && nanoTime.getAsLong() - handed.since() > grace) {
            LOG.log(Level.INFO, "Closed {0} {1} ms ago, and the container has not reported the close: forgotten",
                    who.get(), String.valueOf((nanoTime.getAsLong() - handed.since()) / 1_000_000));
            return true;
        }
        return false;
    }

    /** Runs {@code step}, and a close it starts before it returns on this thread instead of {@code io}. */
    private void onThisThread(Runnable step) {
        closer = Thread.currentThread();
        try {
            step.run();
        } finally {
            closer = null;
        }
    }

    /** The ending, if this is the first; {@code null} if the connection was already ending or closed. */
    private Ending begin(CloseCodes code, String reason) {
        Ending first = new Ending(code, reason, nanoTime.getAsLong());
        if (!state.compareAndSet(Settled.OPEN, first)) {
            return null;
        }
        // Policy closes tell an operator about a misbehaving client. The rest are routine: a
        // dead peer, a shutdown, or a send that failed because the client has just gone.
        boolean policy = code == CloseCodes.POLICY_VIOLATION || code == CloseCodes.CANNOT_ACCEPT;
        LOG.log(policy ? Level.INFO : Level.DEBUG, "Closing {0}: {1} {2}", who.get(), String.valueOf(code.code()), reason);
        return first;
    }

    private void closeNow(Ending why) {
        if (!state.compareAndSet(why, new Handed(nanoTime.getAsLong()))) {
            return;
        }
        Runnable close = () -> {
            try {
                leave.run();
                peer.close(why.code(), why.reason());
            } finally {
                done.complete(null);
            }
        };
        if (Thread.currentThread() == closer) {
            close.run();
            return;
        }
        try {
            io.execute(close);
        } catch (RejectedExecutionException e) {
            done.complete(null); // the application has stopped; the peer closes the session
        }
    }

    private void leaveSoon() {
        try {
            io.execute(leave);
        } catch (RejectedExecutionException e) {
            // The application has stopped, and its rooms with it.
        }
    }
}

package org.websocketchat.control;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.ErrorCode;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.EventId;

/**
 * One client in one room: reads its frames, applies its limits and owns its outbox.
 *
 * <p>Concurrency: JSR 356 delivers one session's messages one at a time, so {@link #receive} and
 * the rate-limit state are touched by one thread at a time. {@link #deliver} is called under
 * the room's lock; {@link #end}, {@link #endAfterDrain} and {@link #closed} from any thread, and
 * only the first ending counts. Closes run on the {@code io} executor: a close frame may have to
 * wait for a stalled send, and neither a broadcast nor the heartbeat may wait with it. The one
 * exception is a close the client's own frame brought about ({@link #endAfterDrain},
 * {@link #refuse}) with nothing left to send: that runs at once on the container's thread that
 * delivered the frame. On GlassFish and Payara a close from any other thread races with the
 * container's own work on the connection, such as reading the client's answer to the close;
 * both then finish the upgraded HTTP request, and the request object they recycle twice later
 * serves two connections at once (payara/Payara#5432, eclipse-ee4j/glassfish#20702). One such
 * race dropped the close frame (the client saw 1006), another failed a later handshake with 404.
 * Closes the server decides on other threads (heartbeat, slow consumer, shutdown) still take
 * that chance; a client that has stopped reading rarely answers at that moment.
 *
 * <p>Liveness: a ping carries a fresh random token and is queued behind every frame already
 * queued, including one in flight, so a pong that echoes it proves the client has read
 * everything sent before it. That is the only portable measure of reading: Tomcat completes an
 * async send when the frame is written, so a client that stops reading overflows the outbox, but
 * Tyrus (GlassFish, Payara) completes it as soon as the frame is buffered, and the outbox never
 * fills. Any frame or pong counts as <em>heard</em>; only an echoed token counts as
 * <em>answered</em>. Besides the heartbeat's ping, one follows every {@value #PING_SPACING_BYTES}
 * bytes queued: a client that reads slowly through a burst of megabytes, which Tyrus buffers
 * all at once, then answers a ping each time it has read that much, so it shows its progress
 * within the timeout however long the whole backlog takes, while a client that has stopped
 * reading answers none. {@link #heartbeat} runs on the heartbeat thread alone; {@link #pong} on
 * the container's thread for the session; the tokens not yet answered are guarded by their own
 * lock.
 */
public final class Connection {

    private static final Logger LOG = System.getLogger(Connection.class.getName());
    /**
     * Bytes of text frames queued between two pings. Small enough that a client reading a few
     * kilobytes a second answers one well within any sane timeout, large enough that pings
     * (10 bytes, and a pong back) cost nothing next to the text.
     */
    static final int PING_SPACING_BYTES = 64 * 1024;
    /**
     * Tokens kept for pings not yet answered: a client that reads answers them in order, so
     * this many cover a backlog of 64 MiB in the container's buffers. Beyond it the oldest is
     * forgotten, and a later ping can still be answered. At most 8 KiB of tokens, and only for a
     * client the container already buffers thousands of times as much for.
     */
    static final int MAX_UNANSWERED_PINGS = 1024;

    private final Peer peer;
    private final Wire wire;
    private final Outbox outbox;
    private final Limits limits;
    private final RateLimiter rateLimiter;
    private final Executor io;
    private final LongSupplier nanoTime;
    /** Ping tokens; unpredictable in production, so that only a client that reads can echo one. */
    private final RandomGenerator pingTokens;
    /** The pings queued or sent and not yet answered, oldest first; guarded by itself. */
    private final Deque<Pending> unanswered = new ArrayDeque<>();
    /** {@link Outbox#handedOver()} at the last heartbeat; the heartbeat thread's alone. */
    private long handedOverAtLastBeat;
    /** When a heartbeat last saw the outbox hand frames over; the heartbeat thread's alone. */
    private long lastMoved;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    /** Bytes queued since the last ping was queued. */
    private final AtomicLong queuedSincePing = new AtomicLong();
    /** Completes once the close frame has been handed to the container. */
    private final CompletableFuture<Void> closing = new CompletableFuture<>();
    private volatile Ending ending;
    /** The thread inside {@link #closingHere}, if any: a close it starts runs there. */
    private volatile Thread closer;
    private volatile long lastHeard;
    private volatile long lastAnswered;
    private volatile Room room;
    private volatile String name;
    private int rejectedInARow;

    public Connection(Peer peer, Wire wire, Limits limits, Executor io, LongSupplier nanoTime, RandomGenerator pingTokens) {
        this.peer = peer;
        this.wire = wire;
        this.limits = limits;
        this.io = io;
        this.nanoTime = nanoTime;
        this.pingTokens = pingTokens;
        this.outbox = new Outbox(peer, limits.outboxMaxFrames(), limits.outboxMaxBytes(),
                failure -> sendFailed());
        this.rateLimiter = new RateLimiter(limits.ratePerSecond(), limits.rateBurst(), nanoTime);
        this.lastHeard = nanoTime.getAsLong();
        this.lastAnswered = lastHeard;
        this.lastMoved = lastHeard;
    }

    /** Joins {@code room} under {@code wanted} (or the first free variant); returns the name given. */
    public String join(Room room, String wanted, Optional<EventId> since) {
        return room.join(this, wanted, since);
    }

    /** One text frame from the client. */
    public void receive(String frame) {
        heard();
        if (ended.get()) {
            // Closing: it leaves its room on another thread, and a rate token refilled meanwhile
            // must not let one more message through to the room.
            return;
        }
        ClientCommand command = wire.read(frame);
        if (command instanceof ClientCommand.Say say) {
            say(say.text());
        } else if (command instanceof ClientCommand.Malformed malformed) {
            reply(ErrorCode.BAD_REQUEST, malformed.reason());
        }
    }

    /** Any sign of life: a frame or a pong. It shows the client writes, not that it reads. */
    public void heard() {
        lastHeard = nanoTime.getAsLong();
    }

    /**
     * A pong from the client: heard, and answered if it echoes the token of a ping not yet
     * answered. An unsolicited pong, a made-up payload or a replay of an answer already counted
     * is only heard: answering a ping also forgets every older one.
     */
    public void pong(byte[] payload) {
        heard();
        if (payload.length != Long.BYTES) {
            return;
        }
        long token = 0;
        for (byte b : payload) {
            token = token << 8 | (b & 0xff);
        }
        synchronized (unanswered) {
            if (!isUnanswered(token)) {
                return;
            }
            for (Iterator<Pending> older = unanswered.iterator(); older.hasNext();) {
                if (older.next().token == token) {
                    older.remove();
                    break;
                }
                older.remove();
            }
        }
        lastAnswered = nanoTime.getAsLong();
    }

    /**
     * Pings the client if {@code pingDue}, or ends the connection if no ping has been answered
     * within the heartbeat timeout: 1008 "slow consumer" if the client was still heard (it
     * writes, or sends pongs of its own, but does not read), 1001 "heartbeat timeout" if it fell
     * silent. Also cuts short a {@linkplain #end close} or {@linkplain #endAfterDrain drain} that
     * has waited a heartbeat interval for the client to read.
     *
     * <p>A connection with a send in flight is pinged too: the ping waits behind it, and a client
     * that does not read what is in flight never gets to answer. One whose outbox still holds a
     * ping is not: that ping already measures the client's reading.
     *
     * <p>The timeout does not run out while the client cannot have answered because the server
     * itself is behind: a ping still waits in the outbox, the outbox has handed frames to the
     * container within the last heartbeat interval, and every ping that did go out is younger
     * than the timeout. A send in flight that never completes stops the outbox, so a client
     * that does not read is still found where the container completes sends only once they are
     * written.
     */
    public void heartbeat(boolean pingDue) {
        long now = nanoTime.getAsLong();
        long timeout = limits.heartbeatTimeout().toNanos();
        long interval = limits.heartbeatInterval().toNanos();
        long handedOver = outbox.handedOver();
        if (handedOver != handedOverAtLastBeat) {
            handedOverAtLastBeat = handedOver;
            lastMoved = now;
        }
        boolean outboxMoved = now - lastMoved <= interval;
        Ending pending = ending;
        if (pending != null) {
            if (now - pending.since() > interval) {
                outbox.close();
                closeNow(pending);
            }
        } else if (now - lastAnswered > timeout && !(outboxMoved && serverBehind(now, timeout))) {
            if (now - lastHeard > timeout) {
                end(CloseCodes.GOING_AWAY, "heartbeat timeout");
            } else {
                end(CloseCodes.POLICY_VIOLATION, "slow consumer");
            }
        } else if (pingDue && !outbox.isPingWaiting()) {
            ping();
        }
    }

    /**
     * Leaves the room at once and drops what was still queued for the client, then closes the
     * connection with {@code code} as soon as the frame in flight, if any, has completed, or
     * after one heartbeat interval if it does not. A close frame sent behind a frame still in
     * flight is lost on Tyrus (GlassFish, Payara): closing the session cancels the writes still
     * pending, the close frame among them, and the client sees the connection drop without a
     * code. Only the first ending has an effect.
     */
    public CompletableFuture<Void> end(CloseCodes code, String reason) {
        Ending first = begin(code, reason);
        if (first != null) {
            leaveSoon();
            outbox.abort(() -> closeNow(first));
        }
        return closing;
    }

    /**
     * As {@link #end}, for a frame of the client's that the connection cannot survive; call it on
     * the container's thread that delivered the frame, where the close then runs if nothing is in
     * flight.
     */
    public void refuse(CloseCodes code, String reason) {
        closingHere(() -> end(code, reason));
    }

    /**
     * Leaves the room at once, but closes the connection with {@code code} only after the frames
     * already queued for the client, such as the error that explains the close, have been sent,
     * or after one heartbeat interval if they cannot be. Call it on the container's thread that
     * delivered the client's offending frame: with nothing queued, the close runs there and then.
     * Only the first ending has an effect.
     */
    public void endAfterDrain(CloseCodes code, String reason) {
        closingHere(() -> {
            Ending first = begin(code, reason);
            if (first != null) {
                leaveSoon();
                outbox.finish(() -> closeNow(first));
            }
        });
    }

    /**
     * Runs {@code step}, and a close it starts before it returns on this thread instead of
     * {@code io}. Only for as long as the step runs: the same pool thread may later complete a
     * send of this connection inside a callback of the container's, where a close must not run.
     */
    private void closingHere(Runnable step) {
        closer = Thread.currentThread();
        try {
            step.run();
        } finally {
            closer = null;
        }
    }

    /**
     * A send failed: the connection is broken or already closing, and the container closes it
     * and reports that ({@link #closed}) on a thread of its own. Closing it from here as well
     * would race with that close (see the class comment). So the client only leaves its room and
     * its queue is dropped; should the container still hold the session open one heartbeat
     * interval later, as when it refused a frame on an open session, the heartbeat closes it 1011.
     */
    private void sendFailed() {
        if (begin(CloseCodes.UNEXPECTED_CONDITION, "send failed") != null) {
            leaveSoon();
            outbox.close();
        }
    }

    /** The container reports the connection closed, whoever closed it. */
    public void closed() {
        ended.set(true);
        closeStarted.set(true);
        outbox.close();
        leave();
        closing.complete(null);
    }

    public String name() {
        return name;
    }

    /** Bytes waiting in this connection's outbox: what a slow reader costs the server. */
    public long queuedBytes() {
        return outbox.queuedBytes();
    }

    public Optional<Room> room() {
        return Optional.ofNullable(room);
    }

    Wire wire() {
        return wire;
    }

    void joined(Room room, String name) {
        this.room = room;
        this.name = name;
    }

    /**
     * Queues a frame, and a ping behind it once {@link #PING_SPACING_BYTES} have been queued since
     * the last one; a client that has fallen too far behind is closed as a slow consumer. Two
     * threads that cross the spacing at once may queue a ping each, which costs nothing.
     */
    void deliver(Frame frame) {
        if (outbox.offer(frame)) {
            if (queuedSincePing.addAndGet(frame.bytes()) >= PING_SPACING_BYTES) {
                ping();
            }
        } else if (outbox.isOverflowed()) {
            end(CloseCodes.POLICY_VIOLATION, "slow consumer");
        }
    }

    /** Call with the lock on {@code unanswered} held. */
    private boolean isUnanswered(long token) {
        for (Pending ping : unanswered) {
            if (ping.token == token) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a ping still waits in the outbox and every ping that went out is younger than the
     * timeout: whatever is late then is late because the server has not sent it yet.
     */
    private boolean serverBehind(long now, long timeout) {
        if (!outbox.isPingWaiting()) {
            return false;
        }
        synchronized (unanswered) {
            return unanswered.stream().noneMatch(ping -> ping.handedOver && now - ping.handedOverAt > timeout);
        }
    }

    /** Queues a ping with a fresh token behind everything queued so far. */
    private void ping() {
        queuedSincePing.set(0);
        Pending ping = new Pending(pingTokens.nextLong());
        // Recorded before it is queued: the ping may go out, and its pong come back, at once.
        synchronized (unanswered) {
            if (unanswered.size() == MAX_UNANSWERED_PINGS) {
                unanswered.removeFirst();
            }
            unanswered.addLast(ping);
        }
        byte[] payload = new byte[Long.BYTES];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (ping.token >>> (Long.SIZE - Byte.SIZE * (i + 1)));
        }
        Runnable handedOver = () -> {
            ping.handedOverAt = nanoTime.getAsLong();
            ping.handedOver = true;
        };
        if (!outbox.ping(payload, handedOver)) {
            synchronized (unanswered) {
                unanswered.removeLastOccurrence(ping);
            }
        }
    }

    /** A ping not yet answered; once the outbox has handed it to the container, since when. */
    private static final class Pending {

        final long token;
        volatile long handedOverAt;
        /** Written after {@link #handedOverAt}, read before it. */
        volatile boolean handedOver;

        Pending(long token) {
            this.token = token;
        }
    }

    private void say(String text) {
        if (!rateLimiter.tryAcquire()) {
            if (++rejectedInARow >= limits.rateCloseAfter()) {
                endAfterDrain(CloseCodes.POLICY_VIOLATION, "rate limit exceeded");
            } else {
                reply(ErrorCode.RATE_LIMITED, "too many messages: at most " + perSecond() + " per second");
            }
            return;
        }
        rejectedInARow = 0;
        if (text.isBlank()) {
            reply(ErrorCode.BAD_REQUEST, "empty message");
        } else if (text.codePointCount(0, text.length()) > limits.maxTextLength()) {
            reply(ErrorCode.TOO_LONG, "message too long (max " + limits.maxTextLength() + " characters)");
        } else if (room != null) {
            room.say(this, text);
        }
    }

    private String perSecond() {
        double rate = limits.ratePerSecond();
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    private void reply(ErrorCode code, String message) {
        deliver(Frame.of(wire.write(new ErrorReply(code, message))));
    }

    /** Why and since when the connection is ending; {@code null} if this was not the first ending. */
    private Ending begin(CloseCodes code, String reason) {
        if (!ended.compareAndSet(false, true)) {
            return null;
        }
        Ending first = new Ending(code, reason, nanoTime.getAsLong());
        ending = first;
        // Policy closes tell an operator about a misbehaving client. The rest are routine: a
        // dead peer, a shutdown, or a send that failed because the client has just gone.
        boolean policy = code == CloseCodes.POLICY_VIOLATION || code == CloseCodes.CANNOT_ACCEPT;
        LOG.log(policy ? Level.INFO : Level.DEBUG, "Closing {0} in #{1}: {2} {3}",
                name, room().map(Room::name).orElse("-"), String.valueOf(code.code()), reason);
        return first;
    }

    private void closeNow(Ending why) {
        if (!closeStarted.compareAndSet(false, true)) {
            return;
        }
        Runnable close = () -> {
            try {
                leave();
                peer.close(why.code(), why.reason());
            } finally {
                closing.complete(null);
            }
        };
        if (Thread.currentThread() == closer) {
            close.run();
            return;
        }
        try {
            io.execute(close);
        } catch (RejectedExecutionException e) {
            closing.complete(null); // the application has stopped; the container closes the session
        }
    }

    private record Ending(CloseCodes code, String reason, long since) {
    }

    /**
     * Leaves the room on the {@code io} executor: the ending may come from inside the room's own
     * broadcast (an outbox that overflows), under its lock.
     */
    private void leaveSoon() {
        try {
            io.execute(this::leave);
        } catch (RejectedExecutionException e) {
            // The application has stopped, and its rooms with it.
        }
    }

    private void leave() {
        Room current = room;
        if (current != null) {
            current.leave(this);
        }
    }
}

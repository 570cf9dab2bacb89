package org.websocketchat.control;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

import org.websocketchat.entity.CloseCodes;

/**
 * Whether a client still reads what it is sent: the heartbeat of one {@link Connection}.
 *
 * <p>A ping carries a fresh random token and is queued in the {@link Outbox} behind every frame
 * already queued, including one in flight, so a pong that echoes it proves the client has read
 * everything sent before it. That is the only portable measure of reading: a peer may complete an
 * async send as soon as it has buffered the frame rather than written it, and then a client that
 * has stopped reading never fills the outbox. Any frame or pong counts as <em>heard</em>; only an
 * echoed token counts as <em>answered</em>.
 *
 * <p>Besides the heartbeat's ping, one follows every {@value #PING_SPACING_BYTES} bytes queued
 * ({@value #DIRECT_PING_SPACING_BYTES} where frames are written directly): a
 * client that reads slowly through a burst of megabytes, which the peer may have buffered all at
 * once, answers a ping each time it has read that much, so it shows its progress within the
 * timeout however long the whole backlog takes, while a client that has stopped reading answers
 * none.
 *
 * <p>The same answers say how much a client may still have to read: everything handed to the
 * peer before an answered ping has been read. While that is under {@value #DIRECT_WRITE_BYTES}
 * bytes, the next frame fits in what any TCP connection buffers by itself (the server's send
 * buffer alone, 16 KiB by default on Linux, and the client's receive window besides), so it is
 * written directly ({@link #mayWriteDirectly}): the standard API's blocking send then returns at
 * once, without the hand-off a container's async completion may cost.
 *
 * <p>Concurrency: {@link #check} runs on the heartbeat thread alone; {@link #heard} and
 * {@link #pong} on the thread that delivers the client's frames; {@link #queued} on any thread
 * that delivers to the connection. The tokens not yet answered are guarded by their own lock.
 */
final class Liveness {

    /** What a heartbeat check found, and the close it calls for. */
    enum Verdict {
        ALIVE(null, null),
        /** No frame and no pong within the timeout: the peer is taken for dead. */
        SILENT(CloseCodes.GOING_AWAY, "heartbeat timeout"),
        /** Heard from, but no ping answered within the timeout: it writes and does not read. */
        NOT_READING(CloseCodes.POLICY_VIOLATION, "slow consumer");

        final CloseCodes code;
        final String reason;

        Verdict(CloseCodes code, String reason) {
            this.code = code;
            this.reason = reason;
        }
    }

    /**
     * Bytes of text frames queued between two pings. Small enough that a client reading a few
     * kilobytes a second answers one well within any sane timeout, large enough that pings
     * (10 bytes, and a pong back) cost nothing next to the text.
     */
    static final int PING_SPACING_BYTES = 64 * 1024;
    /**
     * The spacing where frames are written directly ({@link Peer#writesDirectly}): pings go out
     * directly too, and half the direct-write window apart keeps that window open for a client
     * that reads.
     */
    static final int DIRECT_PING_SPACING_BYTES = 8 * 1024;
    /**
     * How far ahead of what a client is known to have read a frame may be written directly: twice
     * the direct ping spacing, so a client that answers its pings as they come is always written to
     * directly, and well under what a connection buffers in the kernel.
     */
    static final int DIRECT_WRITE_BYTES = 16 * 1024;
    /**
     * Tokens kept for pings not yet answered: a client that reads answers them in order, so
     * this many cover a backlog of 8 MiB (64 MiB at the wider spacing) in the peer's buffers. Beyond it the oldest is
     * forgotten, and a later ping can still be answered. At most 8 KiB of tokens, and only for a
     * client the peer already buffers thousands of times as much for.
     */
    static final int MAX_UNANSWERED_PINGS = 1024;

    private final Outbox outbox;
    private final int pingSpacing;
    private final long interval;
    private final long timeout;
    private final LongSupplier nanoTime;
    /** Ping tokens; unpredictable in production, so that only a client that reads can echo one. */
    private final RandomGenerator pingTokens;
    /** The pings queued or sent and not yet answered, oldest first; guarded by itself. */
    private final Deque<Pending> unanswered = new ArrayDeque<>();
    /** Bytes queued since the last ping was queued. */
    private final AtomicLong queuedSincePing = new AtomicLong();
    /** {@link Outbox#handedOver()} at the last check; the heartbeat thread's alone. */
    private long handedOverAtLastCheck;
    /** When a check last saw the outbox hand frames over; the heartbeat thread's alone. */
    private long lastMoved;
    private volatile long lastHeard;
    private volatile long lastAnswered;
    /** Bytes of text handed to the peer that the client has read for certain: all before the last answered ping. */
    private volatile long readUpTo;

    /** {@code pingSpacing}: bytes queued between two pings, {@link #PING_SPACING_BYTES} or {@link #DIRECT_PING_SPACING_BYTES}. */
    Liveness(Outbox outbox, int pingSpacing, Limits limits, LongSupplier nanoTime, RandomGenerator pingTokens) {
        this.outbox = outbox;
        this.pingSpacing = pingSpacing;
        this.interval = limits.heartbeatInterval().toNanos();
        this.timeout = limits.heartbeatTimeout().toNanos();
        this.nanoTime = nanoTime;
        this.pingTokens = pingTokens;
        this.lastHeard = nanoTime.getAsLong();
        this.lastAnswered = lastHeard;
        this.lastMoved = lastHeard;
    }

    /** Any sign of life: a frame or a pong. It shows the client writes, not that it reads. */
    void heard() {
        lastHeard = nanoTime.getAsLong();
    }

    /**
     * A pong from the client: heard, and answered if it echoes the token of a ping not yet
     * answered. An unsolicited pong, a made-up payload or a replay of an answer already counted
     * is only heard: answering a ping also forgets every older one.
     */
    void pong(ByteBuffer payload) {
        heard();
        if (payload.remaining() != Long.BYTES) {
            return;
        }
        long token = payload.duplicate().order(ByteOrder.BIG_ENDIAN).getLong();
        synchronized (unanswered) {
            if (unanswered.stream().noneMatch(ping -> ping.token == token)) {
                return;
            }
            for (Iterator<Pending> older = unanswered.iterator(); older.hasNext();) {
                Pending ping = older.next();
                older.remove();
                if (ping.token == token) {
                    if (ping.handedOver) {
                        readUpTo = Math.max(readUpTo, ping.bytesBefore);
                    }
                    break;
                }
            }
        }
        lastAnswered = nanoTime.getAsLong();
    }

    /**
     * Whether a frame of {@code bytes} may be written directly when {@code handedBytes} bytes of
     * text have been handed to the peer before it: the client has read all but
     * {@value #DIRECT_WRITE_BYTES} bytes of it all, this frame included.
     */
    boolean mayWriteDirectly(long handedBytes, int bytes) {
        return handedBytes - readUpTo + bytes <= DIRECT_WRITE_BYTES;
    }

    /**
     * {@code bytes} of text were queued for the client: a ping follows once
     * the spacing has been queued since the last one. Two threads that cross the
     * spacing at once may queue a ping each, which costs nothing.
     */
    void queued(int bytes) {
        if (queuedSincePing.addAndGet(bytes) >= pingSpacing) {
            ping();
        }
    }

    /**
     * Finds whether the client still answers, and pings it if {@code pingDue}.
     *
     * <p>A connection with a send in flight is pinged too: the ping waits behind it, and a client
     * that does not read what is in flight never gets to answer. One whose outbox still holds a
     * ping is not: that ping already measures the client's reading.
     *
     * <p>The timeout does not run out while the client cannot have answered because the server
     * itself is behind: a ping still waits in the outbox, the outbox has handed frames to the peer
     * within the last heartbeat interval, and every ping that did go out is younger than the
     * timeout. A send in flight that never completes stops the outbox, so a client that does not
     * read is still found where the peer completes sends only once they are written.
     */
    Verdict check(boolean pingDue) {
        long now = nanoTime.getAsLong();
        long handedOver = outbox.handedOver();
        if (handedOver != handedOverAtLastCheck) {
            handedOverAtLastCheck = handedOver;
            lastMoved = now;
        }
        boolean outboxMoved = now - lastMoved <= interval;
        if (now - lastAnswered > timeout && !(outboxMoved && serverBehind(now))) {
            return now - lastHeard > timeout ? Verdict.SILENT : Verdict.NOT_READING;
        }
        if (pingDue && !outbox.isPingWaiting()) {
            ping();
        }
        return Verdict.ALIVE;
    }

    /**
     * Whether a ping still waits in the outbox and every ping that went out is younger than the
     * timeout: whatever is late then is late because the server has not sent it yet.
     */
    private boolean serverBehind(long now) {
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
        byte[] payload = ByteBuffer.allocate(Long.BYTES).putLong(ping.token).array();
        Runnable handedOver = () -> {
            ping.bytesBefore = outbox.handedBytes();
            ping.handedOverAt = nanoTime.getAsLong();
            ping.handedOver = true;
        };
        if (!outbox.ping(payload, handedOver)) {
            synchronized (unanswered) {
                unanswered.removeLastOccurrence(ping);
            }
        }
    }

    /** A ping not yet answered; once the outbox has handed it to the peer, since when and after how many bytes. */
    private static final class Pending {

        final long token;
        /** Bytes of text the outbox had handed to the peer before this ping. */
        volatile long bytesBefore;
        volatile long handedOverAt;
        /** Written after {@link #bytesBefore} and {@link #handedOverAt}, read before them. */
        volatile boolean handedOver;

        Pending(long token) {
            this.token = token;
        }
    }
}

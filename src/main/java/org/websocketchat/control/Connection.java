package org.websocketchat.control;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.ErrorCode;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.Help;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.Moderation;
import org.websocketchat.wire.Frame;
import org.websocketchat.wire.Wire;

/**
 * One client in one room: carries out its commands within its limits, and owns the parts that
 * serve it: its {@link Outbox} (what it is sent), its {@link Liveness} (whether it still reads)
 * and its {@link Closing} (how it ends).
 *
 * <p>Concurrency: a peer delivers one connection's frames one at a time, so {@link #receive}
 * and the rate-limit state are touched by one thread at a time. {@link #deliver} never blocks and
 * may be called from any thread: a room's broadcast (under the room's lock, which orders what
 * every member sees), a relay's or the directory's answer; {@link #heartbeat} on the heartbeat
 * thread; the endings from any thread, and only the first one counts.
 */
public final class Connection {

    private static final Logger LOG = System.getLogger(Connection.class.getName());

    /** Typing signals from one connection are passed on at most this often (the page sends one per keystroke). */
    static final Duration TYPING_SPACING = Duration.ofSeconds(2);

    private final Wire wire;
    private final Outbox outbox;
    private final Limits limits;
    private final RateLimiter rateLimiter;
    private final Liveness liveness;
    private final Closing closing;
    private final Identity identity;
    private final Directory directory;
    private volatile Room room;
    private volatile String name;
    private int rejectedInARow;
    /** Typing signals passed on: one per {@link #TYPING_SPACING} at most; the rest are dropped. */
    private final Throttle typing;

    /**
     * {@code wire} renders what the client is sent; {@code io} runs closes and leaves;
     * {@code pingTokens} must be unpredictable in production (see {@link Liveness}).
     */
    public Connection(Peer peer, Wire wire, Limits limits, Executor io, LongSupplier nanoTime, RandomGenerator pingTokens,
            Identity identity, Directory directory) {
        this.identity = identity;
        this.directory = directory;
        this.wire = wire;
        this.limits = limits;
        this.typing = new Throttle(TYPING_SPACING, nanoTime);
        this.rateLimiter = new RateLimiter(limits.ratePerSecond(), limits.rateBurst(), nanoTime);
        this.outbox = new Outbox(peer, limits.outboxMaxFrames(), limits.outboxMaxBytes(), this::mayWriteDirectly,
                failure -> sendFailed());
        this.liveness = new Liveness(outbox,
                peer.writesDirectly() ? Liveness.DIRECT_PING_SPACING_BYTES : Liveness.PING_SPACING_BYTES, limits, nanoTime,
                pingTokens);
        this.closing = new Closing(peer, outbox, io, nanoTime, limits.heartbeatInterval(), this::leave,
                () -> name + " in #" + room().map(Room::name).orElse("-"));
    }

    /** Joins {@code room} under {@code wanted} (or the first free variant); returns the name given. */
    public String join(Room room, String wanted, Optional<EventId> since) {
        return Fanout.around(() -> room.join(this, wanted, since));
    }

    /** One command from the client, decoded from one text frame. */
    public void receive(ClientCommand command) {
        liveness.heard();
        if (!closing.isOpen()) {
            // It leaves its room on another thread, and a rate token refilled meanwhile must not
            // let one more message through to the room.
            return;
        }
        if (command instanceof ClientCommand.Say say) {
            if (withinRate()) {
                say(say.text(), say.action());
            }
        } else if (command instanceof ClientCommand.Members members) {
            // Counted like a message: a page costs the room a walk under its lock.
            if (withinRate() && room != null) {
                room.members(this, members.after(), members.limit());
            }
        } else if (command instanceof ClientCommand.Typing signal) {
            typing(signal);
        } else if (command instanceof ClientCommand.Rooms) {
            if (withinRate()) {
                directory.rooms(identity, rooms -> deliver(Frame.of(wire.write(rooms))));
            }
        } else if (command instanceof ClientCommand.Help) {
            if (withinRate()) {
                deliver(Frame.of(wire.write(new Help(identity.moderator()))));
            }
        } else if (command instanceof Moderation.Request request) {
            if (withinRate()) {
                moderate(request);
            }
        } else if (command instanceof ClientCommand.Malformed malformed) {
            reply(ErrorCode.BAD_REQUEST, malformed.reason());
        }
    }

    /** A pong from the client (see {@link Liveness#pong}). */
    public void pong(ByteBuffer payload) {
        liveness.pong(payload);
    }

    /**
     * Pings the client if {@code pingDue}, or ends the connection if it no longer answers
     * ({@link Liveness#check}); cuts short an ending that has waited a heartbeat interval for the
     * client to read. Returns whether the peer has not reported a close handed to it a heartbeat
     * interval ago: the caller then treats the connection as closed.
     */
    public boolean heartbeat(boolean pingDue) {
        if (!closing.isOpen()) {
            return closing.cutShortIfOverdue();
        }
        Liveness.Verdict verdict = liveness.check(pingDue);
        if (verdict != Liveness.Verdict.ALIVE) {
            end(verdict.code, verdict.reason);
        }
        return false;
    }

    /**
     * Leaves the room at once, drops what was still queued for the client and closes the
     * connection with {@code code} once the frame in flight, if any, has completed.
     */
    public CompletableFuture<Void> end(CloseCodes code, String reason) {
        return closing.end(code, reason);
    }

    /**
     * As {@link #end}, for a frame of the client's that the connection cannot survive; call it on
     * the thread that delivered the frame.
     */
    public void refuse(CloseCodes code, String reason) {
        closing.refuse(code, reason);
    }

    /**
     * Leaves the room at once, but closes the connection only after what is already queued for
     * the client, such as the error that explains the close, has been sent. Call it on the thread
     * that delivered the client's offending frame.
     */
    public void endAfterDrain(CloseCodes code, String reason) {
        closing.endAfterDrain(code, reason);
    }

    /** The peer reports the connection closed, whoever closed it. */
    public void closed() {
        closing.closed();
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

    public Identity identity() {
        return identity;
    }

    void joined(Room room, String name) {
        this.room = room;
        this.name = name;
    }

    /** Queues a frame; a client that has fallen too far behind is closed as a slow consumer. */
    void deliver(Frame frame) {
        deliver(frame, Fanout.current());
    }

    /** As {@link #deliver(Frame)}, within the scope a broadcast looked up once for all its members. */
    void deliver(Frame frame, Fanout fanout) {
        if (outbox.offer(frame, fanout)) {
            liveness.queued(frame.bytes());
        } else if (outbox.isOverflowed()) {
            end(CloseCodes.POLICY_VIOLATION, "slow consumer");
        }
    }

    /**
     * A send failed: the connection is broken or already closing, and the peer closes it and
     * reports that ({@link #closed}) itself (see {@link Closing}).
     */
    private void sendFailed() {
        closing.sendFailed();
    }

    /** Takes a token for one request, or answers {@code rate_limited} (and in the end closes) if there is none. */
    private boolean withinRate() {
        if (!rateLimiter.tryAcquire()) {
            if (++rejectedInARow >= limits.rateCloseAfter()) {
                endAfterDrain(CloseCodes.POLICY_VIOLATION, "rate limit exceeded");
            } else {
                reply(ErrorCode.RATE_LIMITED, "too many messages: at most " + perSecond() + " per second");
            }
            return false;
        }
        rejectedInARow = 0;
        return true;
    }

    /** Asked by the outbox, which hands nothing over before this connection is built. */
    private boolean mayWriteDirectly(long handedBytes, int bytes) {
        return liveness.mayWriteDirectly(handedBytes, bytes);
    }

    private void say(String text, boolean action) {
        if (text.isBlank()) {
            reply(ErrorCode.BAD_REQUEST, "empty message");
        } else if (!identity.mayPost()) {
            reply(ErrorCode.FORBIDDEN, "guests may only read here: sign in to chat");
        } else if (text.codePointCount(0, text.length()) > limits.maxTextLength()) {
            reply(ErrorCode.TOO_LONG, "message too long (max " + limits.maxTextLength() + " characters)");
        } else if (room != null) {
            Fanout.around(() -> room.say(this, text, action));
        }
    }

    /**
     * Passes a typing signal on, unless one was passed on less than {@link #TYPING_SPACING} ago:
     * a client may send one per keystroke and costs the room one per spacing. Not rate-limited like
     * messages, which it would crowd out; a read-only guest's is dropped like its messages would be.
     */
    private void typing(ClientCommand.Typing signal) {
        Room here = room;
        if (here != null && signal.room().filter(asked -> !asked.equals(here.name())).isPresent()) {
            reply(ErrorCode.BAD_REQUEST, "you can type only in #" + here.name() + ", the room you are in");
        } else if (here != null && identity.mayPost() && typing.pass()) {
            Fanout.around(() -> here.typing(this));
        }
    }

    /** Only a moderator, only in its own room; logged, whatever comes of it, with who asked what of whom. */
    private void moderate(Moderation.Request request) {
        Room here = room;
        if (!identity.moderator()) {
            reply(ErrorCode.FORBIDDEN, "only moderators may " + request.action().wireName());
        } else if (here != null && request.room().filter(asked -> !asked.equals(here.name())).isPresent()) {
            reply(ErrorCode.BAD_REQUEST, "you can moderate only #" + here.name() + ", the room you are in");
        } else if (here != null) {
            LOG.log(Level.INFO, "Moderation in #{0}: {1} asks to {2} {3}{4}{5}", here.name(), name, request.action().wireName(),
                    request.target(), request.action().timed() ? " for " + request.duration().toSeconds() + " s" : "",
                    request.reason().isEmpty() ? "" : " (" + request.reason() + ")");
            Fanout.around(() -> here.moderate(this, request));
        }
    }

    private String perSecond() {
        double rate = limits.ratePerSecond();
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    private void reply(ErrorCode code, String message) {
        deliver(Frame.of(wire.write(new ErrorReply(code, message))));
    }

    private void leave() {
        Room current = room;
        if (current != null) {
            Fanout.around(() -> current.leave(this));
        }
    }
}

package org.websocketchat.control;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.Goodbye;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.ServerFrame;
import org.websocketchat.wire.Frame;
import org.websocketchat.wire.Wire;

/**
 * One client, in one room or several ({@link Memberships}): carries out its commands within its
 * limits ({@link Requests}), and owns the parts that serve it: its {@link Outbox} (what it is
 * sent), its {@link Liveness} (whether it still reads) and its {@link Closing} (how it ends).
 *
 * <p>Concurrency: a peer delivers one connection's frames one at a time, so {@link #receive}
 * and the rate-limit state are touched by one thread at a time. {@link #deliver} never blocks and
 * may be called from any thread: a room's broadcast (under the room's lock, which orders what
 * every member sees), a relay's or the directory's answer; {@link #heartbeat} on the heartbeat
 * thread; the endings from any thread, and only the first one counts.
 */
public final class Connection {

    private final Wire wire;
    private final Outbox outbox;
    private final Liveness liveness;
    private final Closing closing;
    private final Identity identity;
    private final Executor io;
    private final Memberships memberships = new Memberships();
    private final Requests requests;
    private final Telemetry telemetry;

    /**
     * {@code wire} renders what the client is sent; {@code io} runs closes and leaves;
     * {@code pingTokens} must be unpredictable in production (see {@link Liveness}); {@code doors}
     * lead to the rooms it joins after its first; {@code telemetry} hears what happens to it.
     */
    public Connection(Peer peer, Wire wire, Limits limits, Executor io, LongSupplier nanoTime, RandomGenerator pingTokens,
            Identity identity, Doors doors, Telemetry telemetry) {
        this.identity = identity;
        this.telemetry = telemetry;
        this.wire = wire;
        this.io = io;
        this.outbox = new Outbox(peer, limits.outboxMaxFrames(), limits.outboxMaxBytes(), this::mayWriteDirectly, telemetry,
                failure -> sendFailed());
        this.liveness = new Liveness(outbox,
                peer.writesDirectly() ? Liveness.DIRECT_PING_SPACING_BYTES : Liveness.PING_SPACING_BYTES, limits, nanoTime,
                pingTokens);
        this.closing = new Closing(peer, outbox, io, nanoTime, limits.heartbeatInterval(), this::leave, memberships::describe);
        this.requests = new Requests(this, memberships, limits, nanoTime, doors);
    }

    /** Joins {@code room} under {@code wanted} (or the first free variant); returns the name given. */
    public String join(Room room, String wanted, Optional<EventId> since) {
        return Fanout.around(() -> room.join(this, wanted, since));
    }

    /** One command from the client, decoded from one text frame. */
    public void receive(ClientCommand command) {
        liveness.heard();
        if (!closing.isOpen()) {
            // It leaves its rooms on another thread, and a rate token refilled meanwhile must not
            // let one more message through to a room.
            return;
        }
        requests.carryOut(command);
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
        if (verdict != Liveness.Verdict.ALIVE && closing.endFirst(verdict.code, verdict.reason)) {
            if (verdict == Liveness.Verdict.SILENT) {
                telemetry.silent();
            } else {
                telemetry.evicted();
            }
        }
        return false;
    }

    /**
     * Leaves every room at once, drops what was still queued for the client and closes the
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
     * Leaves every room at once, but closes the connection only after what is already queued for
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

    /** The name it goes by: the one its first room gave it, and asked for in every later one. */
    public String name() {
        return memberships.handle();
    }

    /** Its first room, the one requests naming none are about, if it is in any. */
    public Optional<Room> room() {
        return memberships.find(Optional.empty());
    }

    /** The name it has in {@code room}, if it is in it. */
    public Optional<String> nameIn(String room) {
        return memberships.nameIn(room);
    }

    /** Bytes waiting in this connection's outbox: what a slow reader costs the server. */
    public long queuedBytes() {
        return outbox.queuedBytes();
    }

    Wire wire() {
        return wire;
    }

    Telemetry telemetry() {
        return telemetry;
    }

    /** The names of the rooms it is in; safe to read from any thread. */
    Set<String> roomNames() {
        return memberships.names();
    }

    public Identity identity() {
        return identity;
    }

    /** Called by a room that has seated this connection as {@code name}. */
    void joined(Room room, String name) {
        memberships.joined(room, name);
    }

    /**
     * A room will not have this connection (any more): a ban, a kick, a signed-in user taking its
     * name, a relay out of reach. In that room alone if it is in others, which it is told with a
     * {@link Goodbye}; otherwise the connection ends with {@code code}, as a connection in one room
     * always has. The room has already let it go, or lets it go when asked to leave.
     */
    public void turnedAway(Room room, CloseCodes code, String reason) {
        if (memberships.elsewhereThan(room)) {
            if (memberships.remove(room)) {
                io.execute(() -> Fanout.around(() -> room.leave(this)));
            }
            deliver(Frame.of(wire.write(new Goodbye(room.name(), Optional.of(reason)))));
        } else {
            end(code, reason);
        }
    }

    /** Sends the client a frame for it alone, such as an answer a relay looked up; never waits. */
    public void tell(ServerFrame frame) {
        if (frame instanceof ErrorReply error) {
            telemetry.refused(error.code());
        }
        deliver(Frame.of(wire.write(frame)));
    }

    /** Queues a frame; a client that has fallen too far behind is closed as a slow consumer. */
    void deliver(Frame frame) {
        deliver(frame, Fanout.current());
    }

    /** As {@link #deliver(Frame)}, within the scope a broadcast looked up once for all its members. */
    void deliver(Frame frame, Fanout fanout) {
        if (outbox.offer(frame, fanout)) {
            liveness.queued(frame.bytes());
        } else if (outbox.isOverflowed() && closing.endFirst(CloseCodes.POLICY_VIOLATION, "slow consumer")) {
            telemetry.evicted();
        }
    }

    /**
     * Goes by {@code name} from now on: leaves each of its rooms and joins it again under that
     * name (or the first free variant there) from the room's latest event, so it is sent nothing
     * twice; the others see it leave and come back under the new name.
     */
    void rename(String name) {
        memberships.renamed(name);
        for (Room room : memberships.rooms()) {
            Optional<EventId> latest = room.lastEventId();
            if (leave(room)) {
                join(room, name, latest);
            }
        }
    }

    /** Leaves {@code room} at the client's request; false if it was not in it. */
    boolean leave(Room room) {
        if (!memberships.remove(room)) {
            return false;
        }
        Fanout.around(() -> room.leave(this));
        return true;
    }

    /**
     * A send failed: the connection is broken or already closing, and the peer closes it and
     * reports that ({@link #closed}) itself (see {@link Closing}).
     */
    private void sendFailed() {
        closing.sendFailed();
    }

    /** Asked by the outbox, which hands nothing over before this connection is built. */
    private boolean mayWriteDirectly(long handedBytes, int bytes) {
        return liveness.mayWriteDirectly(handedBytes, bytes);
    }

    /** On the way out: every room it is in. */
    private void leave() {
        for (Room room : memberships.rooms()) {
            Fanout.around(() -> room.leave(this));
        }
    }
}

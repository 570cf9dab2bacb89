package org.websocketchat.control;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.Typing;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.ErrorCode;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.Moderation;
import org.websocketchat.entity.Presence;
import org.websocketchat.entity.ServerFrame;
import org.websocketchat.entity.Welcome;

/**
 * One chat room of the {@linkplain InJvmRelay in-JVM relay}: its members (a name to one identity, see {@link MemberKeys}; in the order they joined), its
 * history and its event sequence.
 *
 * <p>Concurrency: every public method holds the room's lock for its whole run, and a frame is
 * handed to each member's outbox under that lock. So ids are issued in the order events happen,
 * every member sees a room's events in id order, and a newcomer's history snapshot and its first
 * live event can neither overlap nor leave a gap. Handing a frame to an outbox never blocks and
 * never writes: a {@link Connection} calls the room inside {@link Fanout#around}, so the sends
 * start once the lock is released, and the lock is held for well under a microsecond per member.
 *
 * <p>A leave may arrive during a broadcast, on the broadcasting thread: a member whose outbox
 * overflows is ended there, which re-enters {@link #leave} under the lock this thread already
 * holds. Such a leave waits until the room's current operation is done: the broadcast's
 * iteration is never disturbed and every member still sees the events in id order.
 *
 * <p>Presence follows the room's {@link CrowdRule}: while small, each join and leave is an event
 * to everyone; while crowded, they gather in a {@link Turnout} that {@link #presenceTick} sends
 * as one update, and they take no event id. Either way a member's view of who is here changes
 * in the order the room's lock gives, with its messages.
 */
final class InJvmRoom implements Room {

    private final String name;
    private final History history;
    private final Clock clock;
    private final long epoch;
    private final CrowdRule crowd;
    private final RoomRoster members = new RoomRoster();
    private final RoomModeration moderation;
    private final RoomModeration.Members moderated = new Moderated();
    private final Turnout turnout = new Turnout();
    private boolean crowded;
    /** Members whose leave came in while {@link #busy}, in the order they came. */
    private final Deque<Connection> leavingLater = new ArrayDeque<>();
    private EventId lastIssued;
    private boolean closed;
    /** True while one of the room's operations runs: a leave then can only be a re-entrant one. */
    private boolean busy;

    InJvmRoom(String name, int historySize, CrowdRule crowd, Clock clock) {
        this.name = name;
        this.history = new History(historySize);
        this.crowd = crowd;
        this.clock = clock;
        this.epoch = clock.millis();
        this.moderation = new RoomModeration(name);
    }

    @Override
    public String name() {
        return name;
    }

    /** See {@link Room#join}. */
    @Override
    public synchronized String join(Connection member, String wanted, Optional<EventId> since) {
        return exclusively(() -> add(member, wanted, since));
    }

    /** Removes the member and tells the others; does nothing if it is not (or no longer) here. */
    @Override
    public synchronized void leave(Connection member) {
        if (busy) {
            leavingLater.add(member);
            return;
        }
        exclusively(() -> remove(member));
    }

    /** Posts a message from {@code member} to everyone here, the sender included. */
    @Override
    public synchronized void say(Connection member, String text, boolean action) {
        exclusively(() -> post(member, text, action));
    }

    /** See {@link Room#typing}: to the members of other names (a user's own tabs need not hear it). */
    @Override
    public synchronized void typing(Connection member) {
        String typist = members.nameOf(member);
        if (closed || crowded || typist == null || moderation.mutedFor(typist, clock.instant()).isPresent()) {
            return;
        }
        Typing typing = new Typing(name, typist, member.identity().verified());
        Rendering rendering = new Rendering(typing);
        Fanout fanout = Fanout.current();
        for (Connection other : members.inJoinOrder()) {
            if (!members.nameOf(other).equals(typist) && other.wire().carries(typing)) {
                other.deliver(rendering.in(other.wire()), fanout);
            }
        }
    }

    /** The guest holding {@code name} here, for a direct message. */
    synchronized Optional<Connection> guestNamed(String name) {
        return closed ? Optional.empty() : members.guestHolding(name);
    }

    @Override
    public synchronized Optional<EventId> lastEventId() {
        return Optional.ofNullable(lastIssued);
    }

    /** How many are here now, without the lock: for the directory. */
    int count() {
        return members.count();
    }

    /** Sends {@code member} alone one page of the member list: see {@link Room#members}. */
    @Override
    public synchronized void members(Connection member, Optional<String> after, int limit) {
        exclusively(() -> page(member, after, limit));
    }

    /** Carries out a moderator's request: see {@link RoomModeration}. */
    @Override
    public synchronized void moderate(Connection by, Moderation.Request request) {
        exclusively(() -> {
            if (!closed && members.contains(by)) {
                moderation.apply(by, members.nameOf(by), request, moderated, clock.instant());
            }
            return null;
        });
    }

    /** Sends a crowded room's members what has changed since the last tick, if anything has. */
    @Override
    public synchronized void presenceTick() {
        exclusively(() -> {
            if (!closed) {
                turnout.drain(name).ifPresent(update -> broadcast(update, null));
            }
            return null;
        });
    }

    private String add(Connection member, String wanted, Optional<EventId> since) {
        Optional<String> banned = moderation.banned(wanted, clock.instant());
        if (banned.isPresent()) {
            member.turnedAway(this, CloseCodes.POLICY_VIOLATION, banned.get());
            return wanted;
        }
        boolean verified = member.identity().verified();
        String given = members.nameFor(member, wanted);
        if (verified) {
            members.guestHolding(given).ifPresent(guest -> moderated.remove(guest, CloseCodes.NAME_TAKEN, MemberKeys.TAKEN_REASON));
        }
        members.add(member, given);
        member.joined(this, given);
        crowded = crowd.crowded(crowded, members.size());
        Optional<List<Rendering>> missed = since.flatMap(id -> history.after(id, lastIssued));
        Welcome welcome = crowded
                ? Welcome.crowded(given, name, members.size(), missed.isPresent())
                : new Welcome(given, name, members.names(), missed.isPresent()).withVerifiedMembers(members.verifiedNames());
        member.deliver(new Rendering(welcome.verified(member.identity().verified()).moderator(member.identity().moderator())).in(member.wire()));
        for (Rendering rendering : missed.orElseGet(history::all)) {
            member.deliver(rendering.in(member.wire()));
        }
        if (crowded) {
            turnout.joined(given, verified, members.size());
        } else {
            broadcast(new ChatEvent.Joined(nextId(), name, given, clock.instant(), verified), member);
        }
        return given;
    }

    private Void remove(Connection member) {
        String leaving = members.nameOf(member);
        if (closed || !members.remove(member)) {
            return null;
        }
        if (!crowded) {
            broadcast(new ChatEvent.Left(nextId(), name, leaving, clock.instant(), member.identity().verified()), null);
        } else if (crowd.crowded(true, members.size())) {
            turnout.left(leaving, member.identity().verified(), members.size());
        } else {
            // Small again: everyone's name once, which supersedes the update that was pending.
            crowded = false;
            turnout.clear();
            broadcast(new Presence.Everyone(name, members.names(), members.verifiedNames()), null);
        }
        return null;
    }

    private Void page(Connection member, Optional<String> after, int limit) {
        if (closed || !members.contains(member)) {
            return null;
        }
        member.deliver(new Rendering(members.page(name, after, limit)).in(member.wire()));
        return null;
    }

    private Void post(Connection member, String text, boolean action) {
        String from = members.nameOf(member);
        if (closed || from == null) {
            return null;
        }
        Optional<Duration> muted = moderation.mutedFor(from, clock.instant());
        if (muted.isPresent()) {
            member.tell(new ErrorReply(ErrorCode.MUTED, Moderation.mutedMessage(name, muted.get()), Optional.of(name)));
        } else {
            long started = System.nanoTime();
            ChatEvent.Message message = new ChatEvent.Message(nextId(), name, from, text, clock.instant(),
                    member.identity().verified(), action);
            history.add(message.id(), broadcast(message, null));
            member.telemetry().fannedOut(members.size(), System.nanoTime() - started);
        }
        return null;
    }

    /** Runs one operation of the room, then the leaves that came in during it. Holds the lock. */
    private <T> T exclusively(Supplier<T> operation) {
        busy = true;
        try {
            T result = operation.get();
            for (Connection member = leavingLater.poll(); member != null; member = leavingLater.poll()) {
                remove(member);
            }
            return result;
        } finally {
            busy = false;
        }
    }

    @Override
    public synchronized List<String> memberNames() {
        return members.names();
    }

    /** Stops all traffic: at shutdown every member is being closed, and nobody needs to hear who left. */
    @Override
    public synchronized void close() {
        closed = true;
        members.clear();
    }

    /** What the room's moderation may do to it, under its lock. */
    private final class Moderated implements RoomModeration.Members {

        @Override
        public List<Connection> holding(String name) {
            return members.holding(name);
        }

        @Override
        public void remove(Connection member, CloseCodes code, String reason) {
            InJvmRoom.this.remove(member);
            member.turnedAway(InJvmRoom.this, code, reason);
        }

        @Override
        public void broadcast(ServerFrame frame) {
            InJvmRoom.this.broadcast(frame, null);
        }

        @Override
        public boolean delete(EventId id) {
            return history.remove(id);
        }
    }

    private Rendering broadcast(ServerFrame frame, Connection except) {
        Rendering rendering = new Rendering(frame);
        Fanout fanout = Fanout.current();
        for (Connection member : members.inJoinOrder()) {
            if (member != except) {
                member.deliver(rendering.in(member.wire()), fanout);
            }
        }
        return rendering;
    }

    private EventId nextId() {
        lastIssued = lastIssued == null ? new EventId(epoch, 1) : lastIssued.next();
        return lastIssued;
    }
}

package org.websocketchat.control;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
 * One chat room of the {@linkplain InJvmRelay in-JVM relay}: its members (a name to one identity,
 * see {@link MemberKeys}; in the order they joined), its messages and event ids ({@link RoomLog}).
 *
 * <p>Concurrency: every public method but {@link #history} holds the room's lock for its whole
 * run, and a frame is handed to each member's outbox under that lock. So ids are issued in the
 * order events happen, every member sees a room's events in id order, and a newcomer's history
 * snapshot and its first live event can neither overlap nor leave a gap. Handing a frame to an
 * outbox never blocks and never writes: a {@link Connection} calls the room inside
 * {@link Fanout#around}, so the sends start once the lock is released. Where an {@link Archive}
 * keeps messages, each is written to it under the lock before anyone is sent it: a room's
 * messages are stored one at a time, in id order, and what a client saw is stored.
 *
 * <p>A leave may arrive during a broadcast, on the broadcasting thread: a member whose outbox
 * overflows is ended there, which re-enters {@link #leave} under the lock this thread already
 * holds. Such a leave waits until the room's current operation is done: the broadcast's
 * iteration is never disturbed and every member still sees the events in id order.
 *
 * <p>Presence follows the room's {@link CrowdRule}: while small, each join and leave is an event
 * to everyone; while crowded, they gather in a {@link Turnout} that {@link #presenceTick} sends
 * as one update, and they take no event id.
 */
final class InJvmRoom implements Room {

    private final String name;
    private final RoomLog log;
    private final Journal journal;
    private final Clock clock;
    private final CrowdRule crowd;
    private final RoomRoster members = new RoomRoster();
    private final RoomModeration moderation;
    private final RoomModeration.Members moderated = new Moderated();
    private final Turnout turnout = new Turnout();
    private boolean crowded;
    private final OneAtATime serial = new OneAtATime(this::remove);
    private boolean closed;

    InJvmRoom(String name, int historySize, Archive archive, CrowdRule crowd, Clock clock) {
        this.name = name;
        this.log = new RoomLog(name, historySize, archive, clock.millis());
        this.journal = new Journal(name, log, archive, new Outlet());
        this.crowd = crowd;
        this.clock = clock;
        this.moderation = new RoomModeration(name);
    }

    @Override
    public String name() {
        return name;
    }

    /** See {@link Room#join}. */
    @Override
    public synchronized String join(Connection member, String wanted, Optional<EventId> since) {
        return serial.run(() -> add(member, wanted, since));
    }

    /** Removes the member and tells the others; does nothing if it is not (or no longer) here. */
    @Override
    public synchronized void leave(Connection member) {
        if (!serial.heldBack(member)) {
            serial.run(() -> remove(member));
        }
    }

    /** Posts a message from {@code member} to everyone here, the sender included. */
    @Override
    public synchronized void say(Connection member, String text, boolean action) {
        serial.run(() -> post(member, text, action));
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
        return log.lastIssued();
    }

    /** How many are here now, without the lock: for the directory. */
    int count() {
        return members.count();
    }

    /** Sends {@code member} alone one page of the member list: see {@link Room#members}. */
    @Override
    public synchronized void members(Connection member, Optional<String> after, int limit) {
        serial.run(() -> {
            if (!closed && members.contains(member)) {
                member.deliver(new Rendering(members.page(name, after, limit)).in(member.wire()));
            }
            return null;
        });
    }

    /** Carries out a moderator's request: see {@link RoomModeration}. */
    @Override
    public synchronized void moderate(Connection by, Moderation.Request request) {
        serial.run(() -> {
            if (!closed && members.contains(by)) {
                try {
                    moderation.apply(by, members.nameOf(by), request, moderated, clock.instant());
                } catch (Archive.Unavailable e) {
                    by.tell(ErrorReply.unavailable(name, "a deletion"));
                }
            }
            return null;
        });
    }

    /** See {@link Room#history}: from the archive without the room's lock, or else from memory under it. */
    @Override
    public void history(Connection member, Optional<EventId> before, int limit) {
        try {
            member.deliver(new Rendering(log.page(before, limit, this)).in(member.wire()));
        } catch (Archive.Unavailable e) {
            member.tell(ErrorReply.unavailable(name, "history"));
        }
    }

    /** Sends a crowded room's members what has changed since the last tick, if anything has. */
    @Override
    public synchronized void presenceTick() {
        serial.run(() -> {
            if (!closed) {
                turnout.drain(name).ifPresent(update -> journal.send(update, null));
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
        Optional<List<Rendering>> missed = since.flatMap(log::missed);
        Welcome welcome = crowded
                ? Welcome.crowded(given, name, members.size(), missed.isPresent())
                : new Welcome(given, name, members.names(), missed.isPresent()).withVerifiedMembers(members.verifiedNames());
        member.deliver(new Rendering(welcome.verified(member.identity().verified()).moderator(member.identity().moderator())).in(member.wire()));
        for (Rendering rendering : missed.orElseGet(log::latest)) {
            member.deliver(rendering.in(member.wire()));
        }
        if (crowded) {
            turnout.joined(given, verified, members.size());
        } else {
            journal.send(new ChatEvent.Joined(log.nextId(), name, given, clock.instant(), verified), member);
        }
        return given;
    }

    private Void remove(Connection member) {
        String leaving = members.nameOf(member);
        if (closed || !members.remove(member)) {
            return null;
        }
        if (!crowded) {
            journal.send(new ChatEvent.Left(log.nextId(), name, leaving, clock.instant(), member.identity().verified()), null);
        } else if (crowd.crowded(true, members.size())) {
            turnout.left(leaving, member.identity().verified(), members.size());
        } else {
            // Small again: everyone's name once, which supersedes the update that was pending.
            crowded = false;
            turnout.clear();
            journal.send(new Presence.Everyone(name, members.names(), members.verifiedNames()), null);
        }
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
            ChatEvent.Message message = new ChatEvent.Message(log.nextId(), name, from, text, clock.instant(),
                    member.identity().verified(), action);
            journal.post(message, member);
        }
        return null;
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
            journal.send(frame, null);
        }

        @Override
        public boolean delete(EventId id, String by) {
            return log.delete(id, by);
        }
    }

    /** Where the {@link Journal} sends, and how it comes back under the lock when the archive has answered. */
    private final class Outlet implements Journal.Outlet {

        @Override
        public void locked(Runnable release) {
            Fanout.around(() -> {
                synchronized (InJvmRoom.this) {
                    serial.run(() -> {
                        if (!closed) {
                            release.run();
                        }
                        return null;
                    });
                }
            });
        }

        @Override
        public Rendering sendNow(ServerFrame frame, Connection except) {
            Rendering rendering = new Rendering(frame);
            members.deliver(rendering, except);
            return rendering;
        }

        @Override
        public int members() {
            return members.size();
        }
    }

}

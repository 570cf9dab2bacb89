package org.websocketchat.control;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.Presence;
import org.websocketchat.entity.ServerFrame;
import org.websocketchat.entity.Typing;
import org.websocketchat.entity.Welcome;

/**
 * The members of one room on this node, for a relay that orders and numbers the room's events
 * elsewhere (Redis): who is here, and the delivery of each event the relay hands back, encoded
 * once per wire, to each of them.
 *
 * <p>A join takes two steps around the relay's own join, which runs outside this lock because
 * it waits on the network. {@link #expect} registers the newcomer before the relay hears of it,
 * so no event after its join can pass it by; events are kept back for it until {@link #admit}
 * has sent the welcome and the history; then those with an id after its own {@code joined}
 * event follow, and every later one as it comes, with the messages from before the join that the
 * relay still held back while they were stored (its {@code awaited}). Provided the relay hands
 * over a room's events in id order, the newcomer's snapshot and its first live event therefore
 * neither overlap nor leave a gap, as with {@link InJvmRoom}.
 *
 * <p>Presence: with each joined and left event the relay tells the room's count after it and
 * whether the room is crowded from then on ({@link Headcount}); it applies the {@link CrowdRule}
 * where it orders the events, so every node agrees. A small room's joins and leaves are delivered
 * like any event; a crowded room's gather in a {@link Turnout} that {@link #presenceTick} sends
 * to the admitted members as one update; the leave that makes a crowded room small again reaches
 * them as everyone's name, in id order like an event. The updates sent while a newcomer waited
 * did not reach it, so one admitted into a crowded room after later joins or leaves is told the
 * count at once.
 *
 * <p>Concurrency: every method holds this object's lock, and a frame is handed to an outbox under
 * it, which never blocks; the sends start once it is released ({@link Fanout}). The list of
 * members is replaced, never changed in place, so a leave that arrives during a delivery, on the
 * delivering thread (a member whose outbox overflows is ended there), cannot disturb the delivery
 * in progress.
 */
public final class LocalMembers {

    private final Room room;
    private final Telemetry telemetry;
    private final Turnout turnout = new Turnout();
    private List<LocalMember> members = List.of();
    private final Map<Connection, LocalMember> byConnection = new IdentityHashMap<>();
    /** The last headcount the relay told, and the id of its event; {@code null} before the first. */
    private Headcount latest;
    private EventId latestAt;
    private boolean closed;

    /** {@code room} may still be under construction: its name is asked for once events come. */
    public LocalMembers(Room room, Telemetry telemetry) {
        this.room = room;
        this.telemetry = telemetry;
    }

    /** Registers a newcomer before the relay is asked to admit it; it hears nothing yet. */
    public synchronized void expect(Connection connection, String token, String wanted) {
        connection.joined(room, wanted);
        if (!closed) {
            LocalMember member = new LocalMember(connection, token, wanted);
            byConnection.put(connection, member);
            List<LocalMember> changed = new ArrayList<>(members);
            changed.add(member);
            members = List.copyOf(changed);
        }
    }

    /**
     * The relay admitted the newcomer as {@code joined}: sends it the welcome and the history,
     * then the events that came meanwhile after {@code joined}, and the {@code awaited} messages
     * from before it (held back by the relay while they were stored) whenever they come. False if
     * it left (or the room closed) while the relay was busy: the caller then gives its claim back.
     */
    public synchronized boolean admit(Connection connection, Welcome welcome, List<? extends ChatEvent> history, EventId joined,
            Set<EventId> awaited) {
        LocalMember member = byConnection.get(connection);
        if (member == null) {
            return false;
        }
        member.name = welcome.you();
        connection.joined(room, welcome.you());
        connection.deliver(new Rendering(welcome).in(connection.wire()));
        for (ChatEvent event : history) {
            connection.deliver(new Rendering(event).in(connection.wire()));
        }
        member.joinedAt = joined;
        member.awaited.addAll(awaited);
        for (LocalMember.Numbered frame : member.waiting) {
            if (member.due(frame.id())) {
                connection.deliver(frame.rendering().in(connection.wire()));
            }
        }
        member.waiting.clear();
        if (latest != null && latest.crowded() && latestAt.compareTo(joined) > 0) {
            Presence.Update now = new Presence.Update(room.name(), latest.count(), 0, 0, List.of(), List.of());
            connection.deliver(new Rendering(now).in(connection.wire()));
        }
        return true;
    }

    /** Forgets the member; its seat if it had been admitted, so that the caller gives it back. */
    public synchronized Optional<Seat> remove(Connection connection) {
        LocalMember member = byConnection.remove(connection);
        if (member == null) {
            return Optional.empty();
        }
        List<LocalMember> changed = new ArrayList<>(members);
        changed.remove(member);
        members = List.copyOf(changed);
        return member.joinedAt == null ? Optional.empty() : Optional.of(seatOf(member));
    }

    /** The seat of an admitted member. */
    public synchronized Optional<Seat> seat(Connection connection) {
        LocalMember member = byConnection.get(connection);
        return member == null || member.joinedAt == null ? Optional.empty() : Optional.of(seatOf(member));
    }

    private static Seat seatOf(LocalMember member) {
        return new Seat(member.token, member.name, member.connection.identity().verified());
    }

    /** A signed-in user took the name the claim {@code token} held ({@link MemberKeys}): closes that member here. */
    public void evict(String token) {
        endWhere(member -> member.token.equals(token), CloseCodes.NAME_TAKEN, MemberKeys.TAKEN_REASON);
    }

    /** A moderator kicked or banned the name of {@code nameKey}: closes its members here. */
    public void end(String nameKey, CloseCodes code, String reason) {
        endWhere(member -> DisplayNames.key(member.name).equals(nameKey), code, reason);
    }

    private void endWhere(Predicate<LocalMember> which, CloseCodes code, String reason) {
        List<LocalMember> ending;
        synchronized (this) {
            ending = members.stream().filter(which).toList();
        }
        ending.forEach(member -> member.connection.turnedAway(room, code, reason));
    }

    /** A frame outside the room's event order (a moderation notice), to every admitted member here. */
    public void tell(ServerFrame frame) {
        Fanout.around(() -> tellHere(frame));
    }

    /**
     * Someone is typing: to the admitted members of other names whose wire carries it. Never kept
     * for a newcomer; the relay sends none while the room is crowded.
     */
    public void signal(Typing typing) {
        Fanout.around(() -> signalHere(typing));
    }

    private synchronized void signalHere(Typing typing) {
        Rendering rendering = new Rendering(typing);
        Fanout fanout = Fanout.current();
        for (LocalMember member : members) {
            if (member.joinedAt != null && !member.name.equals(typing.name()) && member.connection.wire().carries(typing)) {
                member.connection.deliver(rendering.in(member.connection.wire()), fanout);
            }
        }
    }

    /** A frame for the member holding {@code token} alone (an error), if it is here. */
    public synchronized void tellOne(String token, ServerFrame frame) {
        for (LocalMember member : members) {
            if (member.token.equals(token) && member.joinedAt != null) {
                member.connection.tell(frame);
            }
        }
    }

    /** An event of the room from the relay, in id order: to each admitted member that joined before it. */
    public void deliver(ChatEvent event) {
        Fanout.around(() -> {
            long started = System.nanoTime();
            telemetry.fannedOut(send(event.id(), new Rendering(event)), System.nanoTime() - started);
        });
    }

    /**
     * A joined or left event from the relay, in id order with the others, and the headcount the
     * relay told with it: delivered as it is while the room is small, gathered for the next
     * presence update while it is crowded.
     */
    public void deliver(ChatEvent event, Headcount headcount) {
        Fanout.around(() -> deliverHere(event, headcount));
    }

    private synchronized void deliverHere(ChatEvent event, Headcount headcount) {
        latest = headcount;
        latestAt = event.id();
        if (headcount.crowded()) {
            if (event instanceof ChatEvent.Joined joined) {
                turnout.joined(joined.name(), joined.verified(), headcount.count());
            } else if (event instanceof ChatEvent.Left left) {
                turnout.left(left.name(), left.verified(), headcount.count());
            }
        } else if (headcount.everyone().isPresent()) {
            turnout.clear();
            send(event.id(), new Rendering(new Presence.Everyone(room.name(), headcount.everyone().get(), headcount.verified())));
        } else {
            send(event.id(), new Rendering(event));
        }
    }

    /** Sends the admitted members the crowded room's joins and leaves since the last tick, if any. */
    public void presenceTick() {
        Fanout.around(this::presenceTickHere);
    }

    private synchronized void presenceTickHere() {
        turnout.drain(room.name()).ifPresent(this::tellHere);
    }

    private synchronized void tellHere(ServerFrame frame) {
        Rendering rendering = new Rendering(frame);
        Fanout fanout = Fanout.current();
        for (LocalMember member : members) {
            if (member.joinedAt != null) {
                member.connection.deliver(rendering.in(member.connection.wire()), fanout);
            }
        }
    }

    /**
     * An answer the relay looked up (a page of the member list, a moderator's error) to the member
     * that asked, if it is still here.
     */
    public synchronized void reply(Connection connection, ServerFrame answer) {
        LocalMember member = byConnection.get(connection);
        if (member != null && member.joinedAt != null) {
            connection.deliver(new Rendering(answer).in(connection.wire()));
        }
    }

    /** To each admitted member that joined before event {@code id}; kept for those still waiting. Returns how many got it. */
    private synchronized int send(EventId id, Rendering rendering) {
        Fanout fanout = Fanout.current();
        int delivered = 0;
        for (LocalMember member : members) {
            if (member.joinedAt == null) {
                member.waiting.add(new LocalMember.Numbered(id, rendering));
            } else if (member.due(id)) {
                member.connection.deliver(rendering.in(member.connection.wire()), fanout);
                delivered++;
            }
        }
        return delivered;
    }

    /**
     * Ends every connection here, admitted or waiting, with {@code code}: the relay that orders
     * this room's events cannot be reached. Returns how many.
     */
    public int endAll(CloseCodes code, String reason) {
        List<LocalMember> ending;
        synchronized (this) {
            ending = members;
        }
        for (LocalMember member : ending) {
            member.connection.end(code, reason);
        }
        return ending.size();
    }

    /** Stops all delivery: at shutdown every member is being closed. */
    public synchronized void close() {
        closed = true;
        members = List.of();
        byConnection.clear();
    }
}

package org.websocketchat.control;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.EventId;
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
 * event follow, and every later one as it comes. Provided the relay hands over a room's events
 * in id order, the newcomer's snapshot and its first live event therefore neither overlap nor
 * leave a gap, as with {@link InJvmRoom}.
 *
 * <p>Concurrency: every method holds this object's lock, and a frame is handed to an outbox under
 * it, which never blocks; the sends start once it is released ({@link Fanout}). The list of
 * members is replaced, never changed in place, so a leave that arrives during a delivery, on the
 * delivering thread (a member whose outbox overflows is ended there), cannot disturb the delivery
 * in progress.
 */
public final class LocalMembers {

    /** A member's place in the relay: the token its claim on the name carries, and the name. */
    public record Seat(String token, String name) {
    }

    private static final class Member {
        final Connection connection;
        final String token;
        String name;
        /** The id of its own {@code joined} event; {@code null} until admitted. */
        EventId joinedAt;
        /** Events that came while it waited to be admitted. */
        final List<Rendering> waiting = new ArrayList<>();

        Member(Connection connection, String token, String name) {
            this.connection = connection;
            this.token = token;
            this.name = name;
        }
    }

    private final Room room;
    private List<Member> members = List.of();
    private final Map<Connection, Member> byConnection = new IdentityHashMap<>();
    private boolean closed;

    public LocalMembers(Room room) {
        this.room = room;
    }

    /** Registers a newcomer before the relay is asked to admit it; it hears nothing yet. */
    public synchronized void expect(Connection connection, String token, String wanted) {
        connection.joined(room, wanted);
        if (!closed) {
            Member member = new Member(connection, token, wanted);
            byConnection.put(connection, member);
            List<Member> changed = new ArrayList<>(members);
            changed.add(member);
            members = List.copyOf(changed);
        }
    }

    /**
     * The relay admitted the newcomer as {@code joined}: sends it the welcome and the history,
     * then the events that came meanwhile after {@code joined}. False if it left (or the room
     * closed) while the relay was busy: the caller then gives its claim back.
     */
    public synchronized boolean admit(Connection connection, Welcome welcome, List<? extends ChatEvent> history, EventId joined) {
        Member member = byConnection.get(connection);
        if (member == null) {
            return false;
        }
        member.name = welcome.you();
        connection.joined(room, welcome.you());
        connection.deliver(new Rendering(welcome).in(connection.wire()));
        for (ChatEvent event : history) {
            connection.deliver(new Rendering(event).in(connection.wire()));
        }
        for (Rendering rendering : member.waiting) {
            if (((ChatEvent) rendering.frame()).id().compareTo(joined) > 0) {
                connection.deliver(rendering.in(connection.wire()));
            }
        }
        member.waiting.clear();
        member.joinedAt = joined;
        return true;
    }

    /** Forgets the member; its seat if it had been admitted, so that the caller gives it back. */
    public synchronized Optional<Seat> remove(Connection connection) {
        Member member = byConnection.remove(connection);
        if (member == null) {
            return Optional.empty();
        }
        List<Member> changed = new ArrayList<>(members);
        changed.remove(member);
        members = List.copyOf(changed);
        return member.joinedAt == null ? Optional.empty() : Optional.of(new Seat(member.token, member.name));
    }

    /** The seat of an admitted member. */
    public synchronized Optional<Seat> seat(Connection connection) {
        Member member = byConnection.get(connection);
        return member == null || member.joinedAt == null ? Optional.empty() : Optional.of(new Seat(member.token, member.name));
    }

    /** An event of the room from the relay, in id order: to each admitted member that joined before it. */
    public void deliver(ChatEvent event) {
        Fanout.around(() -> deliverHere(event));
    }

    private synchronized void deliverHere(ChatEvent event) {
        if (members.isEmpty()) {
            return;
        }
        Rendering rendering = new Rendering(event);
        for (Member member : members) {
            if (member.joinedAt == null) {
                member.waiting.add(rendering);
            } else if (event.id().compareTo(member.joinedAt) > 0) {
                member.connection.deliver(rendering.in(member.connection.wire()));
            }
        }
    }

    /**
     * Ends every connection here, admitted or waiting, with {@code code}: the relay that orders
     * this room's events cannot be reached. Returns how many.
     */
    public int endAll(CloseCodes code, String reason) {
        List<Member> ending;
        synchronized (this) {
            ending = members;
        }
        for (Member member : ending) {
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

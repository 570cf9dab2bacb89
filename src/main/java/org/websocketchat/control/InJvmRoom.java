package org.websocketchat.control;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.Welcome;

/**
 * One chat room of the {@linkplain InJvmRelay in-JVM relay}: its members (unique by case-insensitive name, in the order they joined), its
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
 * holds. Such a leave waits until the room's current operation is
 * done: the broadcast's iteration is never disturbed and every member still sees the events in
 * id order.
 */
final class InJvmRoom implements Room {

    private final String name;
    private final History history;
    private final Clock clock;
    private final long epoch;
    private final Map<String, Connection> members = new LinkedHashMap<>();
    /** Members whose leave came in while {@link #busy}, in the order they came. */
    private final Deque<Connection> leavingLater = new ArrayDeque<>();
    private EventId lastIssued;
    private boolean closed;
    /** True while join, say or leave runs: a leave then can only be a re-entrant one. */
    private boolean busy;

    InJvmRoom(String name, int historySize, Clock clock) {
        this.name = name;
        this.history = new History(historySize);
        this.clock = clock;
        this.epoch = clock.millis();
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Adds a member under {@code wanted} or, if that is taken, the first free {@code wanted-N};
     * sends it the welcome and the history ({@code since} resumes when it can), then tells the
     * others. Returns the name it got.
     */
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
    public synchronized void say(Connection member, String text) {
        exclusively(() -> post(member, text));
    }

    private String add(Connection member, String wanted, Optional<EventId> since) {
        String given = DisplayNames.unique(wanted, members::containsKey);
        members.put(DisplayNames.key(given), member);
        member.joined(this, given);
        Optional<List<Rendering>> missed = since.flatMap(id -> history.after(id, lastIssued));
        Welcome welcome = new Welcome(given, name, memberNames(), missed.isPresent());
        member.deliver(new Rendering(welcome).in(member.wire()));
        for (Rendering rendering : missed.orElseGet(history::all)) {
            member.deliver(rendering.in(member.wire()));
        }
        broadcast(new ChatEvent.Joined(nextId(), name, given, clock.instant()), member);
        return given;
    }

    private Void remove(Connection member) {
        if (!closed && members.remove(DisplayNames.key(member.name()), member)) {
            broadcast(new ChatEvent.Left(nextId(), name, member.name(), clock.instant()), null);
        }
        return null;
    }

    private Void post(Connection member, String text) {
        if (!closed && members.get(DisplayNames.key(member.name())) == member) {
            ChatEvent.Message message = new ChatEvent.Message(nextId(), name, member.name(), text, clock.instant());
            Rendering rendering = broadcast(message, null);
            history.add(message.id(), rendering);
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
        List<String> names = new ArrayList<>(members.size());
        for (Connection member : members.values()) {
            names.add(member.name());
        }
        return names;
    }

    /** Stops all traffic: at shutdown every member is being closed, and nobody needs to hear who left. */
    @Override
    public synchronized void close() {
        closed = true;
        members.clear();
    }

    private Rendering broadcast(ChatEvent event, Connection except) {
        Rendering rendering = new Rendering(event);
        for (Connection member : members.values()) {
            if (member != except) {
                member.deliver(rendering.in(member.wire()));
            }
        }
        return rendering;
    }

    private EventId nextId() {
        lastIssued = lastIssued == null ? new EventId(epoch, 1) : lastIssued.next();
        return lastIssued;
    }
}

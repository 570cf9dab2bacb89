package org.websocketchat.control;

import java.util.List;
import java.util.Optional;

import org.websocketchat.entity.EventId;

/**
 * One chat room as its members' {@link Connection}s see it: join, speak, leave. Where its events
 * are numbered, kept and fanned out is up to the {@link Relay} that made it. Implementations are
 * thread-safe and never block a caller on a socket.
 */
public interface Room {

    String name();

    /**
     * Adds a member under {@code wanted} or, if that is taken, the first free {@code wanted-N};
     * sends it the welcome and the history ({@code since} resumes when it can), then tells the
     * others. Returns the name it got. Called by {@link Connection#join}.
     */
    String join(Connection member, String wanted, Optional<EventId> since);

    /** Removes the member and tells the others; does nothing if it is not (or no longer) here. */
    void leave(Connection member);

    /** Posts a message from {@code member} to everyone here, the sender included. */
    void say(Connection member, String text);

    /** Who is in the room, in the order they joined. */
    List<String> memberNames();

    /** Stops all traffic to this room's members here: at shutdown every one of them is being closed. */
    void close();
}

package org.websocketchat.control;

import java.util.function.Consumer;

import org.websocketchat.entity.RoomList;

/**
 * What lies beyond a connection's first room: which rooms are in use, the way into one, and the
 * other members' mail ({@link Lobby} answers, through the {@link Relay}).
 */
public interface Doors {

    /** Hands {@code answer} the rooms in use that {@code asker} may join, on any thread, soon or at once. */
    void rooms(Identity asker, Consumer<RoomList> answer);

    /** The room named {@code room} (a valid room name) for {@code asker} to join, or why it may not. */
    Entry enter(String room, Identity asker);

    /** The relay's {@link Mail}, for direct messages. */
    Mail mail();

    /** What {@link #enter} found. */
    sealed interface Entry {
    }

    /** The room is open to the asker. */
    record Open(Room room) implements Entry {
    }

    /** The asker may not join it; {@code reason} is safe to show it. */
    record Shut(String reason) implements Entry {
    }
}

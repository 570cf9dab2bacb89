package org.websocketchat.control;

import java.util.function.Consumer;

import org.websocketchat.entity.RoomList;

/**
 * Where a connection finds the rooms beyond its first: which are in use, and the way into one
 * ({@link Lobby} answers, through the {@link Relay}).
 */
public interface Doors {

    /** Hands {@code answer} the rooms in use that {@code asker} may join, on any thread, soon or at once. */
    void rooms(Identity asker, Consumer<RoomList> answer);

    /** The room named {@code room} (a valid room name) for {@code asker} to join, or why it may not. */
    Entry enter(String room, Identity asker);

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

package org.websocketchat.control;

import java.util.function.Consumer;

import org.websocketchat.entity.RoomList;

/** Where a connection asks which rooms are in use ({@link Lobby} answers, through the {@link Relay}). */
@FunctionalInterface
public interface Directory {

    /** Hands {@code answer} the rooms in use that {@code asker} may join, on any thread, soon or at once. */
    void rooms(Identity asker, Consumer<RoomList> answer);
}

package org.websocketchat.control;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.websocketchat.entity.RoomList;

/**
 * The seam for scale-out: where the events of a room are ordered, given their ids, kept as
 * history and fanned out to the members. {@link InJvmRelay} does it inside this JVM (the
 * default); a relay over Redis lets several nodes share rooms. Data flows one way through it:
 * endpoint → room → relay → each member's outbox.
 */
public interface Relay extends AutoCloseable {

    /** A room of that (already validated) name; the {@link RoomRegistry} asks once per name. */
    Room room(String name);

    /**
     * Hands {@code answer} the rooms in use with how many are in each, busiest first, at most
     * {@link RoomList#MAX_LISTED}: counted without walking any room's members, on any thread.
     */
    void directory(Consumer<List<RoomList.Entry>> answer);

    /** Direct messages between members, on this relay's nodes. */
    Mail mail();

    /**
     * Why events cannot be ordered or kept now, if they cannot: a shared relay (Redis) or the
     * archive is out of reach. Empty when all is well.
     */
    Optional<String> unreachable();

    /** Releases what the relay holds (connections, threads); called after every client is closed. */
    @Override
    void close();
}

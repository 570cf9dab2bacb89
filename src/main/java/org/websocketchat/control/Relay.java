package org.websocketchat.control;

/**
 * The seam for scale-out: where the events of a room are ordered, given their ids, kept as
 * history and fanned out to the members. {@link InJvmRelay} does it inside this JVM (the
 * default); a relay over Redis lets several nodes share rooms. Data flows one way through it:
 * endpoint → room → relay → each member's outbox.
 */
public interface Relay extends AutoCloseable {

    /** A room of that (already validated) name; the {@link RoomRegistry} asks once per name. */
    Room room(String name);

    /** Releases what the relay holds (connections, threads); called after every client is closed. */
    @Override
    void close();
}

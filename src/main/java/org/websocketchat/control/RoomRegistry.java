package org.websocketchat.control;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

import org.websocketchat.entity.RoomList;

/**
 * Every room of this server, created on first use through the {@link Relay} and kept, with its
 * history, while the application runs. Thread-safe.
 */
public final class RoomRegistry {

    private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final Relay relay;

    public RoomRegistry(Relay relay) {
        this.relay = relay;
    }

    /** Rooms of the {@linkplain InJvmRelay in-JVM relay}, crowded above {@code crowd} members. */
    public RoomRegistry(int historySize, CrowdRule crowd, Clock clock) {
        this(new InJvmRelay(historySize, crowd, clock));
    }

    /** The room of that (already validated) name. */
    public Room room(String name) {
        return rooms.computeIfAbsent(name, relay::room);
    }

    /** See {@link Relay#directory}. */
    public void directory(Consumer<List<RoomList.Entry>> answer) {
        relay.directory(answer);
    }

    /** See {@link Relay#mail}. */
    public Mail mail() {
        return relay.mail();
    }

    /** See {@link Relay#unreachable}. */
    public Optional<String> unreachable() {
        return relay.unreachable();
    }

    public int size() {
        return rooms.size();
    }

    /** Sends each crowded room's members the joins and leaves since the last tick ({@link Room#presenceTick}). */
    public void presenceTick() {
        rooms.values().forEach(room -> Fanout.around(room::presenceTick));
    }

    /** Silences every room for shutdown. */
    public void close() {
        rooms.values().forEach(Room::close);
    }
}

package org.websocketchat.control;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The rooms one {@link Connection} is in, by room name, with the name it has in each: a guest may
 * be {@code ana} in one room and {@code ana-2} in another where a guest already holds {@code ana},
 * as names are unique per room. Its <em>first</em> room (the earliest joined of those it is still
 * in) serves every request that names no room, so a client that never names one (plain mode, the
 * seed page) works as if a connection were one room.
 *
 * <p>Concurrency: rooms record joins on the thread that asked to join (the connection's); leaves
 * may come from any thread (a close, a moderator on another node). Readers see a consistent entry
 * per room.
 */
final class Memberships {

    private record Membership(Room room, String name, long order) {
    }

    private final Map<String, Membership> byRoom = new ConcurrentHashMap<>();
    private long joins;
    /** The name given in the first room ever joined: the one asked for in every later room. */
    private volatile String handle;

    /** A room seated the connection as {@code name} (again, with the name it settled on, for a relay). */
    void joined(Room room, String name) {
        Membership earlier = byRoom.get(room.name());
        byRoom.put(room.name(), new Membership(room, name, earlier != null && earlier.room() == room ? earlier.order() : ++joins));
        if (handle == null || byRoom.size() == 1) {
            handle = name;
        }
    }

    /** A guest's new name: the one to ask for in every room from now on. */
    void renamed(String name) {
        handle = name;
    }

    /** Forgets {@code room}; false if the connection was not (or no longer) in it. */
    boolean remove(Room room) {
        Membership held = byRoom.get(room.name());
        return held != null && held.room() == room && byRoom.remove(room.name(), held);
    }

    /** The room a request is about: the one it names, or else the first; empty if the connection is not in it. */
    Optional<Room> find(Optional<String> asked) {
        if (asked.isPresent()) {
            return Optional.ofNullable(byRoom.get(asked.get())).map(Membership::room);
        }
        return byRoom.values().stream().min(Comparator.comparingLong(Membership::order)).map(Membership::room);
    }

    boolean holds(String room) {
        return byRoom.containsKey(room);
    }

    /** Whether the connection is in a room other than {@code room}. */
    boolean elsewhereThan(Room room) {
        return byRoom.values().stream().anyMatch(held -> held.room() != room);
    }

    /** The names of its rooms, a live view safe to read from any thread. */
    Set<String> names() {
        return byRoom.keySet();
    }

    int size() {
        return byRoom.size();
    }

    /** In the order it joined them. */
    List<Room> rooms() {
        return byRoom.values().stream().sorted(Comparator.comparingLong(Membership::order)).map(Membership::room).toList();
    }

    /** The name to ask for in a room joined later: the one the first room gave. */
    String handle() {
        return handle;
    }

    /** The name it has in {@code room}, if it is in it. */
    Optional<String> nameIn(String room) {
        return Optional.ofNullable(byRoom.get(room)).map(Membership::name);
    }

    /** For the log: {@code ana in #lobby, bo in #x}, or {@code -} before the first join. */
    String describe() {
        return byRoom.isEmpty() ? (handle == null ? "-" : handle + " in no room")
                : byRoom.values().stream().sorted(Comparator.comparingLong(Membership::order))
                        .map(held -> held.name() + " in #" + held.room().name()).collect(Collectors.joining(", "));
    }
}

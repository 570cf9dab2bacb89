package org.websocketchat.control;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.websocketchat.entity.ServerFrame;

/**
 * This node's open connections of signed-in users, by name key: whom a direct message to a name
 * reaches here, whichever rooms they are in (or none). Thread-safe.
 */
public final class SignedInConnections {

    private final Map<String, Set<Connection>> byName = new ConcurrentHashMap<>();

    /** Registers {@code connection} if it is a signed-in user's. */
    public void opened(Connection connection) {
        if (connection.identity().verified()) {
            byName.computeIfAbsent(DisplayNames.key(connection.name()), key -> ConcurrentHashMap.newKeySet()).add(connection);
        }
    }

    public void closed(Connection connection) {
        if (connection.identity().verified()) {
            byName.computeIfPresent(DisplayNames.key(connection.name()), (key, connections) -> {
                connections.remove(connection);
                return connections.isEmpty() ? null : connections;
            });
        }
    }

    /** The connections of the signed-in user of {@code nameKey} here; empty if none. */
    Set<Connection> of(String nameKey) {
        return Set.copyOf(byName.getOrDefault(nameKey, Set.of()));
    }

    /** Hands {@code frame} to every connection here of these signed-in users, once each, never waiting. */
    public void tell(ServerFrame frame, Set<String> nameKeys) {
        Set<Connection> everyone = new LinkedHashSet<>();
        nameKeys.forEach(key -> everyone.addAll(byName.getOrDefault(key, Set.of())));
        if (!everyone.isEmpty()) {
            Rendering rendering = new Rendering(frame);
            Fanout.around(() -> {
                Fanout fanout = Fanout.current();
                everyone.forEach(connection -> connection.deliver(rendering.in(connection.wire()), fanout));
                return null;
            });
        }
    }
}

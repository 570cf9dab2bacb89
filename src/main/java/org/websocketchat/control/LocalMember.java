package org.websocketchat.control;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.websocketchat.entity.EventId;

/** One of {@link LocalMembers}: a connection of this node in a room another party orders. Guarded by that object's lock. */
final class LocalMember {

    /** A frame for the members here, with the id of the event it tells of: a newcomer gets only those after its own join. */
    record Numbered(EventId id, Rendering rendering) {
    }

    final Connection connection;
    final String token;
    String name;
    /** The id of its own {@code joined} event; {@code null} until admitted. */
    EventId joinedAt;
    /** Frames that came while it waited to be admitted. */
    final List<Numbered> waiting = new ArrayList<>();
    /** Messages from before its join that it is still to get ({@link LocalMembers#admit}). */
    final Set<EventId> awaited = new HashSet<>();

    LocalMember(Connection connection, String token, String name) {
        this.connection = connection;
        this.token = token;
        this.name = name;
    }

    /**
     * Whether this admitted member is to get event {@code id}: one after its join, or one it awaits.
     * Events come in id order, so once one after the join has come, nothing awaited is left to come.
     */
    boolean due(EventId id) {
        if (id.compareTo(joinedAt) > 0) {
            awaited.clear();
            return true;
        }
        return awaited.remove(id);
    }
}

package org.websocketchat.control;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a relay tells with a joined or left event ({@link LocalMembers}).
 *
 * @param count    how many are in the room after the event, on every node
 * @param crowded  whether the room is crowded from this event on
 * @param everyone for the leave that made a crowded room small again, everyone still in it,
 *                 in the order they joined; otherwise empty
 * @param verified the names among {@code everyone} that are signed-in members'
 */
public record Headcount(int count, boolean crowded, Optional<List<String>> everyone, Set<String> verified) {

    public Headcount {
        everyone = everyone.map(List::copyOf);
        verified = Set.copyOf(verified);
        if (crowded && everyone.isPresent()) {
            throw new IllegalArgumentException("everyone is named only to a room that is small again");
        }
    }

    /** A headcount that names no signed-in member. */
    public Headcount(int count, boolean crowded, Optional<List<String>> everyone) {
        this(count, crowded, everyone, Set.of());
    }
}

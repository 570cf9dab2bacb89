package org.websocketchat.control;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.websocketchat.entity.Presence;

/**
 * A crowded room's joins and leaves since its last presence update, to be sent as one: how many
 * of each, the first {@value #NAMED} names of each (and which of them are signed in), and the
 * count after the latest. Bounded
 * however many come and go between two updates. Not thread-safe: owned by its room and used
 * under the room's lock.
 */
final class Turnout {

    /** Names an update carries, of those who joined and of those who left, each. */
    static final int NAMED = 20;

    private final List<String> joined = new ArrayList<>();
    private final List<String> left = new ArrayList<>();
    private final Set<String> verifiedJoined = new HashSet<>();
    private final Set<String> verifiedLeft = new HashSet<>();
    private int joins;
    private int leaves;
    private int count;

    /** {@code name} (a signed-in user's if {@code verified}) joined, leaving the room with {@code count} members. */
    void joined(String name, boolean verified, int count) {
        if (joins++ < NAMED) {
            joined.add(name);
            if (verified) {
                verifiedJoined.add(name);
            }
        }
        this.count = count;
    }

    /** {@code name} (a signed-in user's if {@code verified}) left, leaving the room with {@code count} members. */
    void left(String name, boolean verified, int count) {
        if (leaves++ < NAMED) {
            left.add(name);
            if (verified) {
                verifiedLeft.add(name);
            }
        }
        this.count = count;
    }

    /** The update of {@code room} for everything since the last one, if anyone came or went; starts afresh. */
    Optional<Presence.Update> drain(String room) {
        if (joins == 0 && leaves == 0) {
            return Optional.empty();
        }
        Presence.Update update = new Presence.Update(room, count, joins, leaves, joined, left, verifiedJoined, verifiedLeft);
        clear();
        return Optional.of(update);
    }

    /** Forgets what was pending: the room has become small again and names everyone instead. */
    void clear() {
        joined.clear();
        left.clear();
        verifiedJoined.clear();
        verifiedLeft.clear();
        joins = 0;
        leaves = 0;
    }
}

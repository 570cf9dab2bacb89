package org.websocketchat.entity;

import java.util.List;
import java.util.Set;

/**
 * Who is in a room, told to every member apart from the one-by-one {@code joined} and {@code left}
 * events, which a crowded room no longer sends. Presence frames carry no event id: each states
 * the room's count as it is, so a client that takes the latest one has the right count.
 */
public sealed interface Presence extends ServerFrame {

    String room();

    /** How many are in the room. */
    int count();

    /**
     * A crowded room's joins and leaves since its last update, coalesced: sent at most once a
     * second, and only when someone came or went.
     *
     * @param joins  how many joined since the last update
     * @param leaves how many left since the last update
     * @param joined the first of those who joined, by name, at most a fixed few
     * @param left   the first of those who left, likewise
     * @param verifiedJoined the names among {@code joined} that are signed-in users'
     * @param verifiedLeft   the names among {@code left} that are signed-in users'
     */
    record Update(String room, int count, int joins, int leaves, List<String> joined, List<String> left,
            Set<String> verifiedJoined, Set<String> verifiedLeft) implements Presence {

        public Update {
            joined = List.copyOf(joined);
            left = List.copyOf(left);
            verifiedJoined = Set.copyOf(verifiedJoined);
            verifiedLeft = Set.copyOf(verifiedLeft);
            if (joined.size() > joins || left.size() > leaves) {
                throw new IllegalArgumentException("more names than joins or leaves");
            }
        }

        /** An update naming guests only. */
        public Update(String room, int count, int joins, int leaves, List<String> joined, List<String> left) {
            this(room, count, joins, leaves, joined, left, Set.of(), Set.of());
        }
    }

    /**
     * The room is small again: everyone in it, in the order they joined. From here on its joins
     * and leaves come one by one again, as {@code joined} and {@code left} events.
     *
     * @param verified the names among {@code members} that are signed-in users'
     */
    record Everyone(String room, List<String> members, Set<String> verified) implements Presence {

        public Everyone {
            members = List.copyOf(members);
            verified = Set.copyOf(verified);
        }

        /** Everyone, all guests. */
        public Everyone(String room, List<String> members) {
            this(room, members, Set.of());
        }

        @Override
        public int count() {
            return members.size();
        }
    }
}

package org.websocketchat.entity;

import java.util.List;
import java.util.Set;

/**
 * The first frame of every connection: the name the client got, its room, who is there, and
 * whether the history that follows continues exactly where the client's {@code since} left off.
 * A small room names everyone ({@code members}, in the order they joined); a crowded one only
 * counts them ({@code members} empty), and its list is paged on request ({@link MembersPage}).
 *
 * @param verified whether {@code you} is the name the container signed the client in under
 * @param count    how many are in the room, the newcomer included: {@code members.size()} when listed
 * @param verifiedMembers the names among {@code members} that are signed-in users'
 * @param moderator whether the client may moderate the room (a page then offers it the actions)
 */
public record Welcome(String you, boolean verified, String room, List<String> members, int count, boolean resumed,
        Set<String> verifiedMembers, boolean moderator) implements ServerFrame {

    public Welcome {
        members = List.copyOf(members);
        verifiedMembers = Set.copyOf(verifiedMembers);
        if (count < 1 || !members.isEmpty() && members.size() != count) {
            throw new IllegalArgumentException("a welcome counts the newcomer and lists everyone or no one: " + count
                    + " with " + members.size() + " listed");
        }
    }

    /** A small room's welcome to a guest: everyone by name. */
    public Welcome(String you, String room, List<String> members, boolean resumed) {
        this(you, false, room, members, members.size(), resumed, Set.of(), false);
    }

    /** A crowded room's welcome to a guest: how many are there, no names. */
    public static Welcome crowded(String you, String room, int count, boolean resumed) {
        return new Welcome(you, false, room, List.of(), count, resumed, Set.of(), false);
    }

    /** The same welcome, to a client signed in ({@code true}) or not. */
    public Welcome verified(boolean signedIn) {
        return new Welcome(you, signedIn, room, members, count, resumed, verifiedMembers, moderator);
    }

    /** The same welcome, to a client that may moderate the room ({@code true}) or not. */
    public Welcome moderator(boolean mayModerate) {
        return new Welcome(you, verified, room, members, count, resumed, verifiedMembers, mayModerate);
    }

    /** The same welcome, with these of its members marked as signed-in users. */
    public Welcome withVerifiedMembers(Set<String> names) {
        return new Welcome(you, verified, room, members, count, resumed, names, moderator);
    }

    /** Whether it names everyone (a small room) rather than only counting them (a crowded one). */
    public boolean listed() {
        return !members.isEmpty();
    }
}

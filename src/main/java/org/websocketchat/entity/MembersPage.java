package org.websocketchat.entity;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One page of a room's member list, sent only to the client that asked ({@link ClientCommand.Members}).
 *
 * @param names the members after the one asked for, sorted case-insensitively, at most the limit asked for
 * @param next  the name to ask after for the following page; empty when this page holds the last members
 * @param count how many are in the room
 * @param verified the names among {@code names} that are signed-in users'
 */
public record MembersPage(String room, List<String> names, Optional<String> next, int count, Set<String> verified)
        implements ServerFrame {

    public MembersPage {
        names = List.copyOf(names);
        verified = Set.copyOf(verified);
    }

    /** A page of guests. */
    public MembersPage(String room, List<String> names, Optional<String> next, int count) {
        this(room, names, next, count, Set.of());
    }
}

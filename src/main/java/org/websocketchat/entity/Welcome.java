package org.websocketchat.entity;

import java.util.List;

/**
 * The first frame of every connection: the name the client got, its room, who is there, and
 * whether the history that follows continues exactly where the client's {@code since} left off.
 */
public record Welcome(String you, String room, List<String> members, boolean resumed) implements ServerFrame {

    public Welcome {
        members = List.copyOf(members);
    }
}

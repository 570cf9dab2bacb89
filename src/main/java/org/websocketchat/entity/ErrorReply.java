package org.websocketchat.entity;

import java.util.Optional;

/**
 * A refusal of one client frame; the connection stays open. {@code room} names the room it is
 * about where the client is in several, or asked about one it is not in.
 */
public record ErrorReply(ErrorCode code, String message, Optional<String> room) implements ServerFrame {

    /** About no room in particular, or the only one. */
    public ErrorReply(ErrorCode code, String message) {
        this(code, message, Optional.empty());
    }

    /** {@code what} ("a message", "history") could not be stored or read in {@code room}: the archive is out of reach. */
    public static ErrorReply unavailable(String room, String what) {
        return new ErrorReply(ErrorCode.UNAVAILABLE, what + " cannot be stored or read now: try again later", Optional.of(room));
    }
}

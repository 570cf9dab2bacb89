package org.websocketchat.entity;

/** The machine-readable {@code code} of an error frame. */
public enum ErrorCode {
    TOO_LONG("too_long"),
    RATE_LIMITED("rate_limited"),
    BAD_REQUEST("bad_request"),
    /** The client may not do this: a read-only guest's message, for one. */
    FORBIDDEN("forbidden"),
    /** A moderator muted the sender in this room; the message says for how long still. */
    MUTED("muted"),
    /** Nobody of that name is in the room. */
    NO_SUCH_USER("no_such_user"),
    /** No message of that id is kept in the room. */
    NOT_FOUND("not_found"),
    /** A join past {@code chat.max-rooms-per-connection}. */
    TOO_MANY_ROOMS("too_many_rooms"),
    /** A request about a room the client is not in. */
    NOT_JOINED("not_joined"),
    /** A moderator took the client out of one of its rooms ({@code kicked}, {@code banned}), or a signed-in user took its name there. */
    KICKED("kicked"),
    BANNED("banned"),
    NAME_TAKEN("name_taken"),
    /** What the request needs (the relay) cannot be reached now: try again later. */
    UNAVAILABLE("unavailable");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}

package org.websocketchat.entity;

/** The machine-readable {@code code} of an error frame. */
public enum ErrorCode {
    TOO_LONG("too_long"),
    RATE_LIMITED("rate_limited"),
    BAD_REQUEST("bad_request"),
    /** The client may not do this: a read-only guest's message, for one. */
    FORBIDDEN("forbidden");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}

package org.websocketchat.entity;

/** The machine-readable {@code code} of an error frame. */
public enum ErrorCode {
    TOO_LONG("too_long"),
    RATE_LIMITED("rate_limited"),
    BAD_REQUEST("bad_request");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}

package org.websocketchat.entity;

/**
 * The close codes this server uses (RFC 6455, section 7.4.1), named for why it uses them. Kept
 * here rather than borrowed from {@code jakarta.websocket.CloseReason} so that the control
 * classes stay free of the container API.
 */
public enum CloseCodes {
    /** Server shutting down or undeployed. */
    GOING_AWAY(1001),
    /** A binary frame: this chat speaks text only. */
    CANNOT_ACCEPT(1003),
    /** Hostile origin, sustained rate abuse, slow consumer, bad name or room, dead peer. */
    POLICY_VIOLATION(1008),
    /** A frame over the size limit (the container closes with it). */
    TOO_BIG(1009),
    /** A send the container refused or failed while the session still looked open. */
    UNEXPECTED_CONDITION(1011),
    /** Connection cap reached. */
    TRY_AGAIN_LATER(1013),
    /** A guest held the name of a user who has just signed in to the room: it may come back under another. */
    NAME_TAKEN(4001),
    /** A moderator kicked the member out of its room; the reason is the moderator's. */
    KICKED(4002),
    /** A moderator banned the member from its room while it was there. */
    BANNED(4003);

    private final int code;

    CloseCodes(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The one with this number, if the chat uses it. */
    public static java.util.Optional<CloseCodes> of(int code) {
        for (CloseCodes candidate : values()) {
            if (candidate.code == code) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }
}

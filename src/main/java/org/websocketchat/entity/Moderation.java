package org.websocketchat.entity;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What a moderator (the container role of {@code chat.roles.moderator}) may do to a room, and
 * what the room is told of it.
 */
public final class Moderation {

    /** The longest mute or ban: a month. */
    public static final Duration MAX_DURATION = Duration.ofDays(30);
    /** The longest reason a moderator may give; it goes out in close frames (123 bytes at most). */
    public static final int MAX_REASON = 80;

    private Moderation() {
    }

    /** The close reason of a banned member, and of one refused at the door while a ban lasts. */
    /** The answer to a kick or mute of a name nobody in the room holds. */
    public static ErrorReply noSuchUser(String room, String name) {
        return new ErrorReply(ErrorCode.NO_SUCH_USER, "nobody named " + name + " is in #" + room, Optional.of(room));
    }

    /** The answer to an unban of a name that is not banned. */
    public static ErrorReply notBanned(String room, String name) {
        return new ErrorReply(ErrorCode.NO_SUCH_USER, name + " is not banned from #" + room, Optional.of(room));
    }

    /** The answer to a delete of a message the room does not keep. */
    public static ErrorReply notKept(String room, String id) {
        return new ErrorReply(ErrorCode.NOT_FOUND, "no message " + id + " is kept in #" + room, Optional.of(room));
    }

    /** The close reason of a member kicked or banned by {@code request}. */
    public static String closeReason(String room, Request request, String by) {
        return switch (request.action()) {
            case KICK -> request.reason().isEmpty() ? "kicked from #" + room + " by " + by : request.reason();
            case BAN -> bannedReason(room, request.duration(), request.reason());
            default -> "";
        };
    }

    public static String bannedReason(String room, Duration left, String reason) {
        return "banned from #" + room + " for " + seconds(left) + " s" + (reason.isEmpty() ? "" : ": " + reason);
    }

    /** The error a muted member's message gets. */
    public static String mutedMessage(String room, Duration left) {
        return "you are muted in #" + room + " for " + seconds(left) + " s more";
    }

    private static long seconds(Duration left) {
        return Math.max(1, (left.toMillis() + 999) / 1000);
    }

    public enum Action {
        KICK, MUTE, BAN, UNBAN, DELETE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether it lasts for a time the moderator gives. */
        public boolean timed() {
            return this == MUTE || this == BAN;
        }
    }

    /**
     * A moderator's request. {@code room}: the room it is for (empty: the sender's own, as plain
     * mode's commands are); {@code target}: a member's name, or for {@link Action#DELETE} a
     * message's id; {@code duration}: for a mute or a ban; {@code reason}: may be empty.
     */
    public record Request(Action action, Optional<String> room, String target, Duration duration, String reason)
            implements ClientCommand {

        public Request {
            if (action.timed() && (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0)) {
                throw new IllegalArgumentException("a " + action.wireName() + " lasts from 1 s to " + MAX_DURATION.toDays() + " days");
            }
            if (reason.codePointCount(0, reason.length()) > MAX_REASON) {
                throw new IllegalArgumentException("a reason has at most " + MAX_REASON + " characters");
            }
            // A reason travels in tab-separated records (chat.lua) and in close frames.
            if (reason.codePoints().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("a reason holds no control characters");
            }
        }
    }

    /** The room is told that {@code by} did {@code action} to {@code name}. Not stored, not replayed. */
    public record Notice(String room, Action action, String name, String by, Duration duration, String reason)
            implements ServerFrame {
    }

    /** A message was deleted: clients remove it; it is gone from history and resume. */
    public record Deleted(String room, EventId id, String by) implements ServerFrame {
    }
}

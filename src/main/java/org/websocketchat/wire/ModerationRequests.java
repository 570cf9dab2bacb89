package org.websocketchat.wire;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.Moderation;

/**
 * A moderator's request in either wire format. JSON:
 * {@code {"type":"kick","room":"lobby","name":"bo","reason":"…"}}, {@code mute} and {@code ban} with
 * {@code "seconds"}, {@code unban}, {@code {"type":"delete","room":"lobby","id":"…"}}; {@code room}
 * may be left out for the sender's own. Plain mode, in the sender's room: {@code /kick bo reason},
 * {@code /mute bo 300 reason}, {@code /ban bo 3600 reason}, {@code /unban bo}; the reason may be
 * left out, and a name with spaces cannot be given.
 */
final class ModerationRequests {

    private ModerationRequests() {
    }

    static ClientCommand fromJson(JsonObject command, Moderation.Action action) {
        JsonValue room = command.getOrDefault("room", JsonValue.NULL);
        if (room != JsonValue.NULL && !(room instanceof JsonString)) {
            return new ClientCommand.Malformed("\"room\" must be a room name");
        }
        String targetKey = action == Moderation.Action.DELETE ? "id" : "name";
        if (!(command.get(targetKey) instanceof JsonString target)) {
            return new ClientCommand.Malformed("\"" + action.wireName() + "\" needs a string \"" + targetKey + "\"");
        }
        Duration duration = Duration.ZERO;
        if (action.timed()) {
            BigDecimal max = BigDecimal.valueOf(Moderation.MAX_DURATION.toSeconds());
            if (!(command.get("seconds") instanceof JsonNumber seconds) || !seconds.isIntegral()
                    || seconds.bigDecimalValue().compareTo(BigDecimal.ONE) < 0 || seconds.bigDecimalValue().compareTo(max) > 0) {
                return new ClientCommand.Malformed("\"" + action.wireName() + "\" needs \"seconds\", a whole number from 1 to " + max);
            }
            duration = Duration.ofSeconds(seconds.longValue());
        }
        JsonValue reason = command.getOrDefault("reason", JsonValue.NULL);
        if (reason != JsonValue.NULL && !(reason instanceof JsonString)) {
            return new ClientCommand.Malformed("\"reason\" must be a string");
        }
        return request(action, room instanceof JsonString name ? Optional.of(name.getString()) : Optional.empty(),
                target.getString(), duration, reason instanceof JsonString text ? text.getString() : "");
    }

    /** A plain-mode command, or empty if {@code frame} is not one of the moderation commands. */
    static Optional<ClientCommand> fromPlain(String frame) {
        String[] words = frame.strip().split("\\s+", 4);
        Moderation.Action action = switch (words[0]) {
            case "/kick" -> Moderation.Action.KICK;
            case "/mute" -> Moderation.Action.MUTE;
            case "/ban" -> Moderation.Action.BAN;
            case "/unban" -> Moderation.Action.UNBAN;
            default -> null;
        };
        if (action == null) {
            return Optional.empty();
        }
        String usage = switch (action) {
            case KICK -> "usage: /kick name [reason]";
            case MUTE, BAN -> "usage: /" + action.wireName() + " name seconds [reason]";
            default -> "usage: /unban name";
        };
        if (words.length < (action.timed() ? 3 : 2) || action == Moderation.Action.UNBAN && words.length > 2) {
            return Optional.of(new ClientCommand.Malformed(usage));
        }
        Duration duration = Duration.ZERO;
        int reasonFrom = 2;
        if (action.timed()) {
            try {
                duration = Duration.ofSeconds(Long.parseLong(words[2]));
            } catch (NumberFormatException e) {
                return Optional.of(new ClientCommand.Malformed(usage));
            }
            reasonFrom = 3;
        }
        String reason = words.length > reasonFrom ? String.join(" ", java.util.Arrays.copyOfRange(words, reasonFrom, words.length)) : "";
        return Optional.of(request(action, Optional.empty(), words[1], duration, reason));
    }

    private static ClientCommand request(Moderation.Action action, Optional<String> room, String target, Duration duration,
            String reason) {
        try {
            return new Moderation.Request(action, room, target, duration, reason.strip());
        } catch (IllegalArgumentException e) {
            return new ClientCommand.Malformed(e.getMessage());
        }
    }
}

package org.websocketchat.wire;

import java.util.Optional;

import org.websocketchat.entity.ClientCommand;

/**
 * What a plain-mode frame asks for. A frame that starts with {@code /} is a command:
 * {@code /who}, {@code /rooms}, {@code /msg NAME TEXT}, {@code /nick NAME}, {@code /join ROOM} (moves: plain lines name no room, so a
 * plain connection is in one room at a time), {@code /me ACTION}, {@code /help}, and a moderator's {@code /kick}, {@code /mute},
 * {@code /ban} and {@code /unban} ({@link ModerationRequests}); any other is answered with an
 * error naming it rather than posted, so a mistyped command never reaches the room. {@code //}
 * starts a message that begins with {@code /}. Every other frame is a message as it is.
 */
final class PlainCommands {

    private PlainCommands() {
    }

    static ClientCommand read(String frame) {
        if (!frame.startsWith("/")) {
            return new ClientCommand.Say(frame);
        }
        if (frame.startsWith("//")) {
            return new ClientCommand.Say(frame.substring(1));
        }
        String[] wordAndRest = frame.strip().split("\\s+", 2);
        String word = wordAndRest[0];
        String rest = wordAndRest.length > 1 ? wordAndRest[1] : "";
        return switch (word) {
            case "/who" -> rest.isEmpty() ? new ClientCommand.Members(Optional.empty(), ClientCommand.Members.DEFAULT_LIMIT)
                    : new ClientCommand.Malformed("usage: /who");
            case "/me" -> rest.isEmpty() ? new ClientCommand.Malformed("usage: /me action") : new ClientCommand.Say(rest, true);
            case "/help" -> new ClientCommand.Help();
            case "/rooms" -> rest.isEmpty() ? new ClientCommand.Rooms() : new ClientCommand.Malformed("usage: /rooms");
            case "/msg" -> msg(rest);
            case "/nick" -> rest.isEmpty() ? new ClientCommand.Malformed("usage: /nick newname") : new ClientCommand.Nick(rest);
            case "/join" -> rest.isEmpty() || rest.contains(" ") ? new ClientCommand.Malformed("usage: /join room")
                    : new ClientCommand.Join(rest.startsWith("#") ? rest.substring(1) : rest, Optional.empty(), true);
            default -> ModerationRequests.fromPlain(frame).orElseGet(
                    () -> new ClientCommand.Malformed("unknown command " + abbreviate(word) + " (try /help)"));
        };
    }

    /** {@code /msg NAME TEXT}: the name is one word (a name with spaces cannot be messaged from plain mode). */
    private static ClientCommand msg(String rest) {
        String[] nameAndText = rest.split("\\s+", 2);
        return nameAndText.length < 2 || nameAndText[0].isEmpty() ? new ClientCommand.Malformed("usage: /msg name text")
                : new ClientCommand.Dm(nameAndText[0], nameAndText[1], Optional.empty());
    }

    /** A command word as it is echoed back: at most 32 characters, cut between code points. */
    private static String abbreviate(String word) {
        return word.codePointCount(0, word.length()) <= 32 ? word : word.substring(0, word.offsetByCodePoints(0, 32)) + "…";
    }
}

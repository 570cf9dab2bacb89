package org.websocketchat.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.Moderation;
import org.websocketchat.entity.Moderation.Action;

/** Moderators' requests and what the room is told, in both wire formats. */
class ModerationWireTest {

    private final ChatV1Decoder decoder = new ChatV1Decoder();
    private final ChatV1Encoder encoder = new ChatV1Encoder();
    private final PlainWire plain = new PlainWire(true);

    private static Moderation.Request request(Action action, Optional<String> room, String target, long seconds, String reason) {
        return new Moderation.Request(action, room, target, Duration.ofSeconds(seconds), reason);
    }

    @Test
    void readsEachRequestInJson() {
        assertEquals(request(Action.KICK, Optional.of("lobby"), "bo", 0, "spam"),
                decoder.decode("{\"type\":\"kick\",\"room\":\"lobby\",\"name\":\"bo\",\"reason\":\"spam\"}"));
        assertEquals(request(Action.MUTE, Optional.of("lobby"), "bo", 300, ""),
                decoder.decode("{\"type\":\"mute\",\"room\":\"lobby\",\"name\":\"bo\",\"seconds\":300}"));
        assertEquals(request(Action.BAN, Optional.empty(), "bo", 3600, ""), decoder.decode("{\"type\":\"ban\",\"name\":\"bo\",\"seconds\":3600}"));
        assertEquals(request(Action.UNBAN, Optional.of("lobby"), "bo", 0, ""),
                decoder.decode("{\"type\":\"unban\",\"room\":\"lobby\",\"name\":\"bo\"}"));
        assertEquals(request(Action.DELETE, Optional.of("lobby"), "1764000000000-7", 0, ""),
                decoder.decode("{\"type\":\"delete\",\"room\":\"lobby\",\"id\":\"1764000000000-7\"}"));
    }

    @Test
    void aRequestThatMissesItsTargetOrTimeOrGivesABadReasonIsMalformed() {
        assertEquals(new ClientCommand.Malformed("\"kick\" needs a string \"name\""), decoder.decode("{\"type\":\"kick\"}"));
        assertEquals(new ClientCommand.Malformed("\"delete\" needs a string \"id\""), decoder.decode("{\"type\":\"delete\",\"name\":\"bo\"}"));
        assertEquals(new ClientCommand.Malformed("\"mute\" needs \"seconds\", a whole number from 1 to 2592000"),
                decoder.decode("{\"type\":\"mute\",\"name\":\"bo\",\"seconds\":0}"));
        assertEquals(new ClientCommand.Malformed("\"ban\" needs \"seconds\", a whole number from 1 to 2592000"),
                decoder.decode("{\"type\":\"ban\",\"name\":\"bo\",\"seconds\":2592001}"));
        assertEquals(new ClientCommand.Malformed("a reason has at most 80 characters"),
                decoder.decode("{\"type\":\"kick\",\"name\":\"bo\",\"reason\":\"" + "x".repeat(81) + "\"}"));
        assertEquals(new ClientCommand.Malformed("a reason holds no control characters"),
                decoder.decode("{\"type\":\"kick\",\"name\":\"bo\",\"reason\":\"a\\tb\"}"));
    }

    @Test
    void readsThePlainCommandsInTheSendersRoomAndAnyOtherSlashTextAsAMessage() {
        assertEquals(request(Action.KICK, Optional.empty(), "bo", 0, "too much spam"), plain.read("/kick bo too much spam"));
        assertEquals(request(Action.MUTE, Optional.empty(), "bo", 300, ""), plain.read("/mute bo 300"));
        assertEquals(request(Action.BAN, Optional.empty(), "bo", 3600, "trolling"), plain.read("/ban bo 3600 trolling"));
        assertEquals(request(Action.UNBAN, Optional.empty(), "bo", 0, ""), plain.read("/unban bo"));
        assertEquals(new ClientCommand.Malformed("usage: /mute name seconds [reason]"), plain.read("/mute bo soon"));
        assertEquals(new ClientCommand.Malformed("usage: /kick name [reason]"), plain.read("/kick"));
        assertEquals(new ClientCommand.Malformed("unknown command /shrug (try /help)"), plain.read("/shrug"));
    }

    @Test
    void writesWhatTheRoomIsToldInJson() {
        assertEquals("{\"type\":\"moderation\",\"room\":\"lobby\",\"action\":\"mute\",\"name\":\"bo\",\"by\":\"mo\",\"seconds\":300,"
                + "\"reason\":\"calm down\"}",
                encoder.encode(new Moderation.Notice("lobby", Action.MUTE, "bo", "mo", Duration.ofSeconds(300), "calm down")));
        assertEquals("{\"type\":\"moderation\",\"room\":\"lobby\",\"action\":\"kick\",\"name\":\"bo\",\"by\":\"mo\"}",
                encoder.encode(new Moderation.Notice("lobby", Action.KICK, "bo", "mo", Duration.ZERO, "")));
        assertEquals("{\"type\":\"deleted\",\"room\":\"lobby\",\"id\":\"1764000000000-7\",\"by\":\"mo\"}",
                encoder.encode(new Moderation.Deleted("lobby", new EventId(1_764_000_000_000L, 7), "mo")));
    }

    @Test
    void writesWhatTheRoomIsToldInPlainText() {
        assertEquals("* bo was kicked by mo: spam", plain.write(new Moderation.Notice("lobby", Action.KICK, "bo", "mo", Duration.ZERO, "spam")));
        assertEquals("* bo was banned for 3600 s by mo",
                plain.write(new Moderation.Notice("lobby", Action.BAN, "bo", "mo", Duration.ofSeconds(3600), "")));
        assertEquals("* bo was unbanned by mo", plain.write(new Moderation.Notice("lobby", Action.UNBAN, "bo", "mo", Duration.ZERO, "")));
        assertEquals("* a message was deleted by mo",
                plain.write(new Moderation.Deleted("lobby", new EventId(1_764_000_000_000L, 7), "mo")));
    }
}

package org.websocketchat.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.Conversation;
import org.websocketchat.entity.DirectMessage;
import org.websocketchat.entity.Goodbye;
import org.websocketchat.entity.HistoryPage;
import org.websocketchat.entity.ErrorCode;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.MembersPage;
import org.websocketchat.entity.Presence;
import org.websocketchat.entity.RoomList;
import org.websocketchat.entity.Welcome;

class ChatV1CodecTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");
    private static final EventId ID = new EventId(1_764_000_000_000L, 42);

    private final ChatV1Decoder decoder = new ChatV1Decoder();
    private final ChatV1Encoder encoder = new ChatV1Encoder();

    private static ClientCommand malformed(String reason) {
        return new ClientCommand.Malformed(reason);
    }

    // ---- decoder

    @Test
    void decodesASay() {
        assertEquals(new ClientCommand.Say("hi <there> & 😀"), decoder.decode("{\"type\":\"say\",\"text\":\"hi <there> & 😀\"}"));
    }

    @Test
    void decodesASayWithWhitespaceAndExtraFields() {
        assertEquals(new ClientCommand.Say("hi"), decoder.decode(" { \"text\" : \"hi\", \"type\" : \"say\", \"client\": 3 } "));
    }

    @Test
    void decodesJsonEscapesInTheText() {
        assertEquals(new ClientCommand.Say("line\n\"quoted\" é"), decoder.decode("{\"type\":\"say\",\"text\":\"line\\n\\\"quoted\\\" \\u00e9\"}"));
    }

    @Test
    void willDecodeEveryFrame() {
        assertTrue(decoder.willDecode("not json"));
    }

    @Test
    void invalidJsonIsMalformed() {
        assertEquals(malformed("invalid JSON"), decoder.decode("not json"));
        assertEquals(malformed("invalid JSON"), decoder.decode("{\"type\":\"say\",\"text\":"));
        assertEquals(malformed("invalid JSON"), decoder.decode(""));
    }

    @Test
    void trailingContentAfterTheObjectIsInvalidJson() {
        // One frame is one JSON text; anything after the object makes it invalid JSON.
        assertEquals(malformed("invalid JSON"), decoder.decode("{\"type\":\"say\",\"text\":\"hi\"} trailing"));
        assertEquals(malformed("invalid JSON"), decoder.decode("{\"type\":\"say\",\"text\":\"a\"}{\"type\":\"say\",\"text\":\"b\"}"));
    }

    @Test
    void aJsonValueThatIsNotAnObjectIsMalformed() {
        ClientCommand expected = malformed("expected a JSON object with a \"type\"");
        assertEquals(expected, decoder.decode("[1,2]"));
        assertEquals(expected, decoder.decode("\"say\""));
        assertEquals(expected, decoder.decode("42"));
        assertEquals(expected, decoder.decode("null"));
    }

    @Test
    void anObjectWithoutAStringTypeIsMalformed() {
        assertEquals(malformed("missing \"type\""), decoder.decode("{\"text\":\"hi\"}"));
        assertEquals(malformed("missing \"type\""), decoder.decode("{\"type\":1,\"text\":\"hi\"}"));
        assertEquals(malformed("missing \"type\""), decoder.decode("{\"type\":null,\"text\":\"hi\"}"));
    }

    @Test
    void anUnknownTypeIsMalformedAndNamed() {
        assertEquals(malformed("unknown type \"dance\""), decoder.decode("{\"type\":\"dance\"}"));
        assertEquals(malformed("unknown type \"Say\""), decoder.decode("{\"type\":\"Say\",\"text\":\"hi\"}"));
    }

    @Test
    void aLongUnknownTypeIsAbbreviatedToThirtyTwoCharacters() {
        String type = "abcdefghij".repeat(4);

        assertEquals(malformed("unknown type \"" + type.substring(0, 32) + "…\""), decoder.decode("{\"type\":\"" + type + "\"}"));
    }

    @Test
    void aTypeOfThirtyThreeCharactersIsAbbreviated() {
        String type = "y".repeat(33);

        assertEquals(malformed("unknown type \"" + "y".repeat(32) + "…\""), decoder.decode("{\"type\":\"" + type + "\"}"));
    }

    @Test
    void aTypeOfExactlyThirtyTwoCharactersIsNotAbbreviated() {
        String type = "x".repeat(32);

        assertEquals(malformed("unknown type \"" + type + "\""), decoder.decode("{\"type\":\"" + type + "\"}"));
    }

    @Test
    void abbreviatingATypeNeverSplitsASurrogatePair() {
        // 31 letters then an emoji (2 chars): cutting at 32 chars would keep half of the emoji,
        // and a lone surrogate cannot be encoded as UTF-8 when the error frame is sent.
        String type = "a".repeat(31) + "😀" + "tail";

        ClientCommand.Malformed reply = (ClientCommand.Malformed) decoder.decode("{\"type\":\"" + type + "\"}");

        assertTrue(reply.reason().startsWith("unknown type \"" + "a".repeat(31)), reply.reason());
        assertTrue(reply.reason().endsWith("…\""), reply.reason());
        assertTrue(isWellFormedUtf16(reply.reason()), "lone surrogate in: " + reply.reason());
    }

    @Test
    void aSayWithoutAStringTextIsMalformed() {
        ClientCommand expected = malformed("\"say\" needs a string \"text\"");
        assertEquals(expected, decoder.decode("{\"type\":\"say\"}"));
        assertEquals(expected, decoder.decode("{\"type\":\"say\",\"text\":42}"));
        assertEquals(expected, decoder.decode("{\"type\":\"say\",\"text\":null}"));
        assertEquals(expected, decoder.decode("{\"type\":\"say\",\"text\":[\"hi\"]}"));
    }

    @Test
    void decodesAMembersRequest() {
        assertEquals(new ClientCommand.Members(Optional.of("Bo"), 20), decoder.decode("{\"type\":\"members\",\"after\":\"Bo\",\"limit\":20}"));
        assertEquals(new ClientCommand.Members(Optional.empty(), 1), decoder.decode("{\"type\":\"members\",\"after\":null,\"limit\":1}"));
        assertEquals(new ClientCommand.Members(Optional.empty(), 500), decoder.decode("{\"type\":\"members\",\"limit\":500}"));
    }

    @Test
    void aMembersRequestWithoutLimitAsksForOneHundred() {
        assertEquals(new ClientCommand.Members(Optional.empty(), 100), decoder.decode("{\"type\":\"members\"}"));
        assertEquals(new ClientCommand.Members(Optional.of(""), 100), decoder.decode("{\"type\":\"members\",\"after\":\"\",\"limit\":null}"));
    }

    @Test
    void aLimitThatIsNotAWholeNumberFromOneTo500IsMalformed() {
        ClientCommand expected = malformed("\"limit\" must be a whole number from 1 to 500");
        for (String limit : List.of("0", "501", "-1", "2.5", "100.0", "1e2", "\"10\"", "true", "[10]", "99999999999999999999")) {
            assertEquals(expected, decoder.decode("{\"type\":\"members\",\"limit\":" + limit + "}"), limit);
        }
    }

    @Test
    void anAfterThatIsNotAStringIsMalformed() {
        ClientCommand expected = malformed("\"after\" must be a name or null");
        for (String after : List.of("7", "true", "[\"bo\"]", "{}")) {
            assertEquals(expected, decoder.decode("{\"type\":\"members\",\"after\":" + after + "}"), after);
        }
    }

    private static boolean isWellFormedUtf16(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    // ---- encoder

    @Test
    void encodesAWelcome() {
        assertEquals("{\"type\":\"welcome\",\"you\":\"ana\",\"verified\":false,\"room\":\"lobby\",\"members\":[\"ana\",\"bo\",\"cy\"],\"resumed\":false}",
                encoder.encode(new Welcome("ana", "lobby", List.of("ana", "bo", "cy"), false)));
    }

    @Test
    void encodesTheWelcomeOfASignedInClientAsVerified() {
        assertEquals("{\"type\":\"welcome\",\"you\":\"ana\",\"verified\":true,\"room\":\"lobby\",\"members\":[\"ana\"],\"resumed\":false}",
                encoder.encode(new Welcome("ana", "lobby", List.of("ana"), false).verified(true)));
    }

    @Test
    void aSignedInMembersNameIsMarkedVerifiedBesideItAndInEveryList() {
        assertEquals("{\"type\":\"message\",\"id\":\"1764000000000-42\",\"room\":\"lobby\",\"from\":\"ana\",\"verified\":true,"
                + "\"text\":\"hi\",\"at\":\"2026-11-24T10:00:00.000Z\"}",
                encoder.encode(new ChatEvent.Message(ID, "lobby", "ana", "hi", AT, true)));
        assertEquals("{\"type\":\"joined\",\"id\":\"1764000000000-42\",\"room\":\"lobby\",\"name\":\"ana\",\"verified\":true,"
                + "\"at\":\"2026-11-24T10:00:00.000Z\"}", encoder.encode(new ChatEvent.Joined(ID, "lobby", "ana", AT, true)));
        assertEquals("{\"type\":\"welcome\",\"you\":\"bo\",\"verified\":false,\"room\":\"lobby\",\"members\":[\"ana\",\"bo\",\"cy\"],"
                + "\"verifiedMembers\":[\"ana\",\"cy\"],\"resumed\":false}",
                encoder.encode(new Welcome("bo", "lobby", List.of("ana", "bo", "cy"), false).withVerifiedMembers(Set.of("cy", "ana"))));
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"count\":2,\"members\":[\"ana\",\"bo\"],\"verifiedMembers\":[\"ana\"]}",
                encoder.encode(new Presence.Everyone("lobby", List.of("ana", "bo"), Set.of("ana"))));
        assertEquals("{\"type\":\"members\",\"room\":\"lobby\",\"names\":[\"ana\",\"bo\"],\"verifiedNames\":[\"ana\"],\"next\":null,\"count\":2}",
                encoder.encode(new MembersPage("lobby", List.of("ana", "bo"), Optional.empty(), 2, Set.of("ana"))));
    }

    @Test
    void encodesAResumedWelcome() {
        assertEquals("{\"type\":\"welcome\",\"you\":\"ana\",\"verified\":false,\"room\":\"dev\",\"members\":[\"ana\"],\"resumed\":true}",
                encoder.encode(new Welcome("ana", "dev", List.of("ana"), true)));
    }

    @Test
    void encodesACrowdedRoomsWelcomeWithTheCountAndNoNames() {
        assertEquals("{\"type\":\"welcome\",\"you\":\"ana\",\"verified\":false,\"room\":\"lobby\",\"count\":10000,\"resumed\":false}",
                encoder.encode(Welcome.crowded("ana", "lobby", 10_000, false)));
    }

    @Test
    void encodesAPresenceUpdate() {
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"count\":10000,\"joins\":37,\"leaves\":2,"
                + "\"joined\":[\"ana\",\"bo\"],\"left\":[\"cy\",\"dee\"]}",
                encoder.encode(new Presence.Update("lobby", 10_000, 37, 2, List.of("ana", "bo"), List.of("cy", "dee"))));
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"count\":150,\"joins\":0,\"leaves\":0,\"joined\":[],\"left\":[]}",
                encoder.encode(new Presence.Update("lobby", 150, 0, 0, List.of(), List.of())));
    }

    @Test
    void theDirectoryBothWays() {
        assertEquals(new ClientCommand.Rooms(), decoder.decode("{\"type\":\"rooms\"}"));
        assertEquals("{\"type\":\"rooms\",\"rooms\":[{\"room\":\"dev\",\"members\":2},{\"room\":\"lobby\",\"members\":1}]}",
                encoder.encode(new RoomList(List.of(new RoomList.Entry("dev", 2), new RoomList.Entry("lobby", 1)))));
        assertEquals("{\"type\":\"rooms\",\"rooms\":[]}", encoder.encode(new RoomList(List.of())));
    }

    @Test
    void severalRoomsBothWays() {
        assertEquals(new ClientCommand.Join("dev", Optional.of("17-3"), false),
                decoder.decode("{\"type\":\"join\",\"room\":\"dev\",\"since\":\"17-3\"}"));
        assertEquals(new ClientCommand.Join("dev", Optional.empty(), false), decoder.decode("{\"type\":\"join\",\"room\":\"dev\",\"since\":null}"));
        assertEquals(new ClientCommand.Malformed("\"join\" needs a string \"room\""), decoder.decode("{\"type\":\"join\"}"));
        assertEquals(new ClientCommand.Malformed("\"since\" must be an event id or null"),
                decoder.decode("{\"type\":\"join\",\"room\":\"dev\",\"since\":3}"));
        assertEquals(new ClientCommand.Leave("dev"), decoder.decode("{\"type\":\"leave\",\"room\":\"dev\"}"));
        assertEquals(new ClientCommand.Malformed("\"leave\" needs a string \"room\""), decoder.decode("{\"type\":\"leave\",\"room\":[]}"));
        assertEquals(new ClientCommand.Say("hi", false, Optional.of("dev")), decoder.decode("{\"type\":\"say\",\"text\":\"hi\",\"room\":\"dev\"}"));
        assertEquals(new ClientCommand.Malformed("\"room\" must be a room name"), decoder.decode("{\"type\":\"say\",\"text\":\"hi\",\"room\":1}"));
        assertEquals(new ClientCommand.Members(Optional.empty(), 100, Optional.of("dev")),
                decoder.decode("{\"type\":\"members\",\"room\":\"dev\"}"));
        assertEquals("{\"type\":\"goodbye\",\"room\":\"dev\"}", encoder.encode(new Goodbye("dev", Optional.empty())));
        assertEquals("{\"type\":\"goodbye\",\"room\":\"dev\",\"reason\":\"spam\"}", encoder.encode(new Goodbye("dev", Optional.of("spam"))));
        assertEquals("{\"type\":\"error\",\"code\":\"not_joined\",\"message\":\"you are not in #dev\",\"room\":\"dev\"}",
                encoder.encode(new ErrorReply(ErrorCode.NOT_JOINED, "you are not in #dev", Optional.of("dev"))));
    }

    @Test
    void directMessagesBothWays() {
        assertEquals(new ClientCommand.Dm("bo", "psst", Optional.empty()), decoder.decode("{\"type\":\"dm\",\"to\":\"bo\",\"text\":\"psst\"}"));
        assertEquals(new ClientCommand.Malformed("\"dm\" needs a string \"to\" and a string \"text\""),
                decoder.decode("{\"type\":\"dm\",\"to\":\"bo\"}"));
        assertEquals(new ClientCommand.Nick("bo2"), decoder.decode("{\"type\":\"nick\",\"name\":\"bo2\"}"));
        assertEquals(new ClientCommand.Malformed("\"nick\" needs a string \"name\""), decoder.decode("{\"type\":\"nick\"}"));
        assertEquals(new ClientCommand.Dms("bo", Optional.of("1-2")), decoder.decode("{\"type\":\"dms\",\"with\":\"bo\",\"since\":\"1-2\"}"));
        assertEquals(new ClientCommand.Malformed("\"dms\" needs a string \"with\""), decoder.decode("{\"type\":\"dms\"}"));
        DirectMessage dm = new DirectMessage(ID, "ana", "bo", "psst", Instant.parse("2026-11-24T10:00:00Z"), true);
        String encoded = "{\"type\":\"dm\",\"id\":\"" + ID + "\",\"from\":\"ana\",\"verified\":true,\"to\":\"bo\",\"text\":\"psst\","
                + "\"at\":\"2026-11-24T10:00:00.000Z\"}";
        assertEquals(encoded, encoder.encode(dm));
        assertEquals("{\"type\":\"dms\",\"with\":\"bo\",\"messages\":[" + encoded + "],\"resumed\":true}",
                encoder.encode(new Conversation("bo", List.of(dm), true)));
    }

    @Test
    void historyIsAskedWithAnIdAndALimitCappedAt200AndAnsweredWithMessagesOldestFirst() {
        assertEquals(new ClientCommand.History(Optional.empty(), Optional.empty(), 50), decoder.decode("{\"type\":\"history\"}"));
        assertEquals(new ClientCommand.History(Optional.of("dev"), Optional.of(ID), 200),
                decoder.decode("{\"type\":\"history\",\"room\":\"dev\",\"before\":\"" + ID + "\",\"limit\":5000}"));
        assertEquals(new ClientCommand.History(Optional.empty(), Optional.empty(), 1),
                decoder.decode("{\"type\":\"history\",\"before\":null,\"limit\":1}"));
        assertEquals(new ClientCommand.Malformed("\"before\" must be a message id or null"),
                decoder.decode("{\"type\":\"history\",\"before\":\"yesterday\"}"));
        assertEquals(new ClientCommand.Malformed("\"limit\" must be a whole number from 1 (more than 200 counts as 200)"),
                decoder.decode("{\"type\":\"history\",\"limit\":0}"));
        assertEquals(new ClientCommand.Malformed("\"limit\" must be a whole number from 1 (more than 200 counts as 200)"),
                decoder.decode("{\"type\":\"history\",\"limit\":\"all\"}"));
        ChatEvent.Message old = new ChatEvent.Message(ID, "lobby", "ana", "first", AT);
        assertEquals("{\"type\":\"history\",\"room\":\"lobby\",\"messages\":[{\"type\":\"message\",\"id\":\"" + ID
                + "\",\"room\":\"lobby\",\"from\":\"ana\",\"text\":\"first\",\"at\":\"2026-11-24T10:00:00.000Z\"}],\"more\":false}",
                encoder.encode(new HistoryPage("lobby", List.of(old), false)));
    }

    @Test
    void anActionIsAMessageMarkedActionBothWays() {
        assertEquals(new ClientCommand.Say("waves", true), decoder.decode("{\"type\":\"say\",\"text\":\"waves\",\"action\":true}"));
        assertEquals(new ClientCommand.Say("hi"), decoder.decode("{\"type\":\"say\",\"text\":\"hi\",\"action\":false}"));
        assertEquals(new ClientCommand.Malformed("\"action\" must be true or false"),
                decoder.decode("{\"type\":\"say\",\"text\":\"hi\",\"action\":1}"));
        assertEquals("{\"type\":\"message\",\"id\":\"" + ID + "\",\"room\":\"lobby\",\"from\":\"ana\",\"text\":\"waves\","
                + "\"action\":true,\"at\":\"2026-11-24T10:00:00.000Z\"}",
                encoder.encode(new ChatEvent.Message(ID, "lobby", "ana", "waves", AT, false, true)));
    }

    @Test
    void encodesAPresenceUpdateWithTheSignedInAmongItsNames() {
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"count\":150,\"joins\":2,\"leaves\":1,"
                + "\"joined\":[\"ana\",\"bo\"],\"left\":[\"cy\"],\"verifiedJoined\":[\"bo\"],\"verifiedLeft\":[\"cy\"]}",
                encoder.encode(new Presence.Update("lobby", 150, 2, 1, List.of("ana", "bo"), List.of("cy"), Set.of("bo"), Set.of("cy"))));
    }

    @Test
    void encodesEveryoneOfARoomSmallAgain() {
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"count\":2,\"members\":[\"ana\",\"bo\"]}",
                encoder.encode(new Presence.Everyone("lobby", List.of("ana", "bo"))));
    }

    @Test
    void encodesAMembersPageWithItsNextOrNull() {
        assertEquals("{\"type\":\"members\",\"room\":\"lobby\",\"names\":[\"ana\",\"Bo\"],\"next\":\"Bo\",\"count\":150}",
                encoder.encode(new MembersPage("lobby", List.of("ana", "Bo"), Optional.of("Bo"), 150)));
        assertEquals("{\"type\":\"members\",\"room\":\"lobby\",\"names\":[],\"next\":null,\"count\":150}",
                encoder.encode(new MembersPage("lobby", List.of(), Optional.empty(), 150)));
    }

    @Test
    void encodesAMessage() {
        assertEquals("{\"type\":\"message\",\"id\":\"1764000000000-42\",\"room\":\"lobby\",\"from\":\"ana\",\"text\":\"hi\","
                + "\"at\":\"2026-11-24T10:00:00.000Z\"}",
                encoder.encode(new ChatEvent.Message(ID, "lobby", "ana", "hi", AT)));
    }

    @Test
    void encodesAJoined() {
        assertEquals("{\"type\":\"joined\",\"id\":\"1764000000000-42\",\"room\":\"lobby\",\"name\":\"bo\","
                + "\"at\":\"2026-11-24T10:00:00.000Z\"}",
                encoder.encode(new ChatEvent.Joined(ID, "lobby", "bo", AT)));
    }

    @Test
    void encodesALeft() {
        assertEquals("{\"type\":\"left\",\"id\":\"1764000000000-42\",\"room\":\"lobby\",\"name\":\"bo\","
                + "\"at\":\"2026-11-24T10:00:00.000Z\"}",
                encoder.encode(new ChatEvent.Left(ID, "lobby", "bo", AT)));
    }

    @Test
    void encodesAnErrorWithTheWireNameOfItsCode() {
        assertEquals("{\"type\":\"error\",\"code\":\"too_long\",\"message\":\"message too long (max 2000 characters)\"}",
                encoder.encode(new ErrorReply(ErrorCode.TOO_LONG, "message too long (max 2000 characters)")));
        assertEquals("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"slow down\"}",
                encoder.encode(new ErrorReply(ErrorCode.RATE_LIMITED, "slow down")));
        assertEquals("{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"missing \\\"type\\\"\"}",
                encoder.encode(new ErrorReply(ErrorCode.BAD_REQUEST, "missing \"type\"")));
    }

    @Test
    void timesHaveExactlyThreeFractionDigitsInUtc() {
        assertEquals("\"at\":\"2026-11-24T10:00:00.123Z\"", at(Instant.parse("2026-11-24T10:00:00.123456789Z")));
        assertEquals("\"at\":\"2026-11-24T10:00:00.100Z\"", at(Instant.parse("2026-11-24T10:00:00.1Z")));
        assertEquals("\"at\":\"2026-11-24T09:00:00.000Z\"", at(Instant.parse("2026-11-24T10:00:00+01:00")));
    }

    private String at(Instant at) {
        String json = encoder.encode(new ChatEvent.Joined(ID, "lobby", "bo", at));
        return json.substring(json.indexOf("\"at\""), json.length() - 1);
    }

    @Test
    void htmlCharactersAreNotEscaped() {
        assertEquals("{\"type\":\"message\",\"id\":\"1764000000000-42\",\"room\":\"lobby\",\"from\":\"<i>ana</i>\","
                + "\"text\":\"<script>alert('x') && 1 > 0</script>\",\"at\":\"2026-11-24T10:00:00.000Z\"}",
                encoder.encode(new ChatEvent.Message(ID, "lobby", "<i>ana</i>", "<script>alert('x') && 1 > 0</script>", AT)));
    }

    @Test
    void nonAsciiIsWrittenAsIs() {
        String json = encoder.encode(new ChatEvent.Message(ID, "lobby", "Zoë", "李小龍 says 😀", AT));

        assertTrue(json.contains("\"from\":\"Zoë\",\"text\":\"李小龍 says 😀\""), json);
    }

    @Test
    void quotesBackslashesAndControlCharactersAreJsonEscaped() {
        String json = encoder.encode(new ChatEvent.Message(ID, "lobby", "ana", "say \"hi\" \\ now\n", AT));

        assertTrue(json.contains("\"text\":\"say \\\"hi\\\" \\\\ now\\n\""), json);
    }
}

package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.Test;
import org.websocketchat.entity.EventId;

/** The chat.v1 protocol against the deployed WAR: frames, rooms, names, history, resume. */
class JsonModeIT extends DeployedChat {

    /** History kept per room in the integration tests: CHAT_HISTORY_SIZE, set by the pom. */
    static final int HISTORY = 20;

    @Test
    void welcomeMessageJoinedAndLeftCarryTheDocumentedFields() throws Exception {
        String room = Endpoints.freshRoom();
        try (ChatClient ana = ChatClient.json(Endpoints.chat(base, "name", "ana", "room", room))) {
            assertEquals("chat.v1", ana.subprotocol());
            assertEquals(ChatClient.parse("{\"type\":\"welcome\",\"you\":\"ana\",\"verified\":false,\"room\":\"" + room
                    + "\",\"members\":[\"ana\"],\"resumed\":false}"), ana.nextJson());

            try (ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room))) {
                assertEquals(List.of("ana", "bo"), strings(bo.nextJson().getJsonArray("members")));
                JsonObject joined = ana.nextJson();
                assertEquals("joined", joined.getString("type"));
                assertEquals(room, joined.getString("room"));
                assertEquals("bo", joined.getString("name"));
                assertIsoUtcMillis(joined.getString("at"));

                Instant before = Instant.now().minusSeconds(1);
                bo.say("hello <b>ana</b> & \"co\"");
                for (ChatClient member : List.of(ana, bo)) {
                    assertMessageFromBo(member.nextJson(), room, before, joined);
                }
            }
            JsonObject left = ana.nextJson();
            assertEquals("left", left.getString("type"));
            assertEquals("bo", left.getString("name"));
            assertEquals(room, left.getString("room"));
        }
    }

    @Test
    void typingReachesTheOtherJsonMembersAndNeitherTheTyperNorAPlainClient() throws Exception {
        String room = Endpoints.freshRoom();
        try (ChatClient ana = ChatClient.json(Endpoints.chat(base, "name", "ana", "room", room));
                ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room));
                ChatClient pat = ChatClient.plain(Endpoints.chat(base, "name", "pat", "room", room))) {
            // The three may be seated in any order: joins are skipped below, and only they.
            ana.nextJson("welcome");
            bo.nextJson("welcome");
            assertTrue(pat.next().startsWith("* you are pat"));

            ana.send("{\"type\":\"typing\"}");
            ana.say("hi");

            assertEquals("{\"type\":\"typing\",\"room\":\"" + room + "\",\"name\":\"ana\"}",
                    bo.nextMatching(frame -> !frame.contains("\"joined\"")));
            assertEquals("hi", bo.nextJson().getString("text"));
            assertEquals("ana: hi", pat.nextMatching(line -> !line.endsWith(" joined")), "no typing line before the message");
            assertEquals("hi", ana.nextJson("message").getString("text"));
        }
    }

    @Test
    void theDirectoryCountsTheRoomsInUse() throws Exception {
        String red = Endpoints.freshRoom();
        String blue = Endpoints.freshRoom();
        try (ChatClient ana = ChatClient.json(Endpoints.chat(base, "name", "ana", "room", red));
                ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", red));
                ChatClient pat = ChatClient.plain(Endpoints.chat(base, "name", "pat", "room", blue))) {
            ana.nextJson("welcome");
            bo.nextJson("welcome");
            pat.next();

            ana.send("{\"type\":\"rooms\"}");
            pat.send("/rooms");

            // Other tests' rooms may be in use on this server too: only these two are looked at.
            JsonObject rooms = ana.nextJson("rooms");
            Map<String, Integer> counts = new HashMap<>();
            rooms.getJsonArray("rooms").getValuesAs(JsonObject.class).forEach(room -> counts.put(room.getString("room"), room.getInt("members")));
            assertEquals(List.of(2, 1), List.of(counts.get(red), counts.get(blue)));
            String line = pat.next();
            assertTrue(line.startsWith("* rooms in use: ") && line.contains("#" + red + " (2)") && line.contains("#" + blue + " (1)"), line);
        }
    }

    @Test
    void idsIncreaseWithinARoom() throws Exception {
        String room = Endpoints.freshRoom();
        try (ChatClient ana = ChatClient.json(Endpoints.chat(base, "name", "ana", "room", room))) {
            ana.nextJson("welcome");
            EventId previous = null;
            for (int i = 0; i < 10; i++) {
                ana.say("m" + i);
                JsonObject message = ana.nextJson();
                assertEquals("m" + i, message.getString("text"));
                EventId id = EventId.parse(message.getString("id")).orElseThrow();
                if (previous != null) {
                    assertTrue(id.compareTo(previous) > 0, id + " after " + previous);
                }
                previous = id;
            }
        }
    }

    @Test
    void roomsAreSeparate() throws Exception {
        String red = Endpoints.freshRoom();
        String blue = Endpoints.freshRoom();
        try (ChatClient ana = ChatClient.json(Endpoints.chat(base, "name", "ana", "room", red));
                ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", blue))) {
            assertEquals(List.of("ana"), strings(ana.nextJson("welcome").getJsonArray("members")));
            assertEquals(List.of("bo"), strings(bo.nextJson("welcome").getJsonArray("members")));
            ana.say("only red");
            bo.say("only blue");
            assertEquals("only red", ana.nextJson().getString("text"));
            assertEquals("only blue", bo.nextJson().getString("text"));
            assertNull(ana.poll(Duration.ofMillis(300)), "nothing from the other room");
        }
    }

    @Test
    void oneConnectionJoinsSpeaksInAndLeavesSeveralRooms() throws Exception {
        String red = Endpoints.freshRoom();
        String blue = Endpoints.freshRoom();
        try (ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", blue))) {
            bo.nextJson("welcome");
            String seen = post(bo, "before ana").getString("id");
            post(bo, "missed by nobody");
            try (ChatClient ana = ChatClient.json(Endpoints.chat(base, "name", "ana", "room", red))) {
                ana.nextJson("welcome");

                ana.send("{\"type\":\"join\",\"room\":\"" + blue + "\",\"since\":\"" + seen + "\"}");
                JsonObject welcome = ana.nextJson();
                assertEquals(List.of("welcome", blue, "ana", true), List.of(welcome.getString("type"), welcome.getString("room"),
                        welcome.getString("you"), welcome.getBoolean("resumed")));
                assertEquals(List.of("bo", "ana"), strings(welcome.getJsonArray("members")));
                assertEquals("missed by nobody", ana.nextJson().getString("text"), "resumed after since");
                assertEquals("ana", bo.nextJson("joined").getString("name"));

                ana.send("{\"type\":\"say\",\"room\":\"" + blue + "\",\"text\":\"to blue\"}");
                ana.say("to red, the first room");
                JsonObject toBlue = bo.nextJson();
                assertEquals(List.of(blue, "to blue"), List.of(toBlue.getString("room"), toBlue.getString("text")));
                JsonObject echoed = ana.nextJson();
                assertEquals(List.of(blue, "to blue"), List.of(echoed.getString("room"), echoed.getString("text")));
                JsonObject toRed = ana.nextJson();
                assertEquals(List.of(red, "to red, the first room"), List.of(toRed.getString("room"), toRed.getString("text")));

                ana.send("{\"type\":\"leave\",\"room\":\"" + blue + "\"}");
                assertEquals(ChatClient.parse("{\"type\":\"goodbye\",\"room\":\"" + blue + "\"}"), ana.nextJson());
                assertEquals("ana", bo.nextJson("left").getString("name"));
                ana.send("{\"type\":\"say\",\"room\":\"" + blue + "\",\"text\":\"gone\"}");
                assertEquals(ChatClient.parse("{\"type\":\"error\",\"code\":\"not_joined\",\"message\":\"you are not in #" + blue
                        + "\",\"room\":\"" + blue + "\"}"), ana.nextJson());
                assertNull(bo.poll(Duration.ofMillis(300)), "nothing more reached blue");
            }
        }
    }

    @Test
    void aConnectionMayBeInAtMostMaxRoomsPerConnection() throws Exception {
        // CHAT_MAX_ROOMS_PER_CONNECTION is 3 in the integration tests (see the pom).
        try (ChatClient ana = ChatClient.json(Endpoints.chat(base, "name", "ana", "room", Endpoints.freshRoom()))) {
            ana.nextJson("welcome");
            for (int i = 0; i < 2; i++) {
                ana.send("{\"type\":\"join\",\"room\":\"" + Endpoints.freshRoom() + "\"}");
                ana.nextJson("welcome");
            }
            String fourth = Endpoints.freshRoom();
            ana.send("{\"type\":\"join\",\"room\":\"" + fourth + "\"}");
            JsonObject refused = ana.nextJson();
            assertEquals(List.of("error", "too_many_rooms", fourth), List.of(refused.getString("type"), refused.getString("code"),
                    refused.getString("room")));
            assertTrue(ana.isOpen());
        }
    }

    @Test
    void aDirectMessageReachesTheGuestOfThatNameInTheSendersRoomAndTheSenderAlone() throws Exception {
        String room = Endpoints.freshRoom();
        try (ChatClient ana = ChatClient.json(Endpoints.chat(base, "name", "ana", "room", room))) {
            ana.nextJson("welcome");
            try (ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room))) {
                bo.nextJson("welcome");
                try (ChatClient cy = ChatClient.plain(Endpoints.chat(base, "name", "cy", "room", room))) {
                    cy.next();

                    ana.send("{\"type\":\"dm\",\"to\":\"bo\",\"text\":\"<psst>\"}");
                    JsonObject received = bo.nextJson("dm");
                    assertEquals(List.of("ana", "bo", "<psst>"), List.of(received.getString("from"), received.getString("to"),
                            received.getString("text")));
                    assertIsoUtcMillis(received.getString("at"));
                    assertEquals(received, ana.nextJson("dm"));
                    cy.send("/msg ana back at you");
                    assertEquals("(private) cy → ana: back at you", cy.nextMatching(line -> line.startsWith("(private)")));
                    JsonObject back = ana.nextJson("dm");
                    assertEquals(List.of("cy", "back at you"), List.of(back.getString("from"), back.getString("text")));
                    ana.send("{\"type\":\"dm\",\"to\":\"nobody\",\"text\":\"?\"}");
                    assertEquals(ChatClient.parse("{\"type\":\"error\",\"code\":\"no_such_user\",\"message\":\"nobody named nobody is here\"}"),
                            ana.nextJson());
                    assertNull(cy.poll(Duration.ofMillis(300)), "cy got nothing of ana's message to bo");
                }
            }
        }
    }

    @Test
    void noRoomMeansTheLobby() throws Exception {
        try (ChatClient ana = ChatClient.json(Endpoints.chat(base, "name", "ana"))) {
            assertEquals("lobby", ana.nextJson("welcome").getString("room"));
        }
    }

    @Test
    void takenNamesGetANumericSuffixCaseInsensitively() throws Exception {
        String room = Endpoints.freshRoom();
        // Each welcome is awaited before the next client connects: a handshake may complete
        // before the server has run @OnOpen, so connecting at once would race for the name.
        try (ChatClient first = ChatClient.json(Endpoints.chat(base, "name", "Ana", "room", room))) {
            assertEquals("Ana", first.nextJson("welcome").getString("you"));
            try (ChatClient second = ChatClient.json(Endpoints.chat(base, "name", "ana", "room", room))) {
                assertEquals("ana-2", second.nextJson("welcome").getString("you"));
                try (ChatClient third = ChatClient.json(Endpoints.chat(base, "name", "ANA", "room", room))) {
                    JsonObject welcome = third.nextJson("welcome");
                    assertEquals("ANA-3", welcome.getString("you"));
                    assertEquals(List.of("Ana", "ana-2", "ANA-3"), strings(welcome.getJsonArray("members")));
                }
            }
        }
    }

    @Test
    void noNameMeansAGuestName() throws Exception {
        try (ChatClient guest = ChatClient.json(Endpoints.chat(base, "room", Endpoints.freshRoom()))) {
            assertTrue(guest.nextJson("welcome").getString("you").matches("guest-\\d{4}"));
        }
    }

    @Test
    void namesAreTrimmedAndMayHoldUnicodeLettersSpacesAndDots() throws Exception {
        try (ChatClient client = ChatClient.json(Endpoints.chat(base, "name", "  Zoë M. Ñ_1-x  ", "room", Endpoints.freshRoom()))) {
            assertEquals("Zoë M. Ñ_1-x", client.nextJson("welcome").getString("you"));
        }
    }

    @Test
    void anInvalidNameOrRoomIsRefusedWith1008() throws Exception {
        try (ChatClient client = ChatClient.json(Endpoints.chat(base, "name", "<script>"))) {
            client.assertClosed(1008, "invalid name: use 1-32 letters, digits, spaces or . _ -");
        }
        try (ChatClient client = ChatClient.json(Endpoints.chat(base, "name", "x".repeat(33)))) {
            client.assertClosed(1008, "invalid name: use 1-32 letters, digits, spaces or . _ -");
        }
        try (ChatClient client = ChatClient.json(Endpoints.chat(base, "room", "no spaces"))) {
            client.assertClosed(1008, "invalid room: use 1-32 of a-z 0-9 _ -");
        }
    }

    @Test
    void historyIsReplayedOldestFirstToNewcomers() throws Exception {
        String room = Endpoints.freshRoom();
        try (ChatClient ana = ChatClient.json(Endpoints.chat(base, "name", "ana", "room", room))) {
            ana.nextJson("welcome");
            for (int i = 1; i <= 3; i++) {
                post(ana, "line " + i);
            }
            try (ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room))) {
                assertFalse(bo.nextJson().getBoolean("resumed"));
                for (int i = 1; i <= 3; i++) {
                    JsonObject message = bo.nextJson();
                    assertEquals("message", message.getString("type"));
                    assertEquals("ana", message.getString("from"));
                    assertEquals("line " + i, message.getString("text"));
                }
                ana.say("live");
                assertEquals("live", bo.nextJson().getString("text"), "history, then live events, nothing between");
            }
        }
    }

    @Test
    void sinceResumesWithExactlyTheMissedMessages() throws Exception {
        String room = Endpoints.freshRoom();
        String lastSeen;
        try (ChatClient ana = ChatClient.json(Endpoints.chat(base, "name", "ana", "room", room))) {
            ana.nextJson("welcome");
            lastSeen = post(ana, "seen").getString("id");
        }
        try (ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room))) {
            bo.nextJson("welcome");
            assertEquals("seen", bo.nextJson("message").getString("text"), "the room's history");
            post(bo, "missed 1");
            post(bo, "missed 2");
            try (ChatClient back = ChatClient.json(Endpoints.chat(base, "name", "ana", "room", room, "since", lastSeen))) {
                JsonObject welcome = back.nextJson();
                assertEquals("welcome", welcome.getString("type"));
                assertTrue(welcome.getBoolean("resumed"));
                assertEquals("missed 1", back.nextJson().getString("text"));
                assertEquals("missed 2", back.nextJson().getString("text"));
                bo.say("live");
                assertEquals("live", back.nextJson().getString("text"), "no duplicate and no gap");
            }
        }
    }

    @Test
    void sinceOlderThanTheHistoryKeptGivesTheFullHistoryUnresumed() throws Exception {
        String room = Endpoints.freshRoom();
        try (ChatClient ana = ChatClient.json(Endpoints.chat(base, "name", "ana", "room", room))) {
            ana.nextJson("welcome");
            String old = post(ana, "first").getString("id");
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < HISTORY + 5; i++) {
                sent.add(post(ana, "after " + i).getString("text"));
            }
            for (String since : List.of(old, "garbage", "0-999999")) {
                try (ChatClient back = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room, "since", since))) {
                    assertFalse(back.nextJson("welcome").getBoolean("resumed"), "since=" + since);
                    for (String expected : sent.subList(sent.size() - HISTORY, sent.size())) {
                        assertEquals(expected, back.nextJson().getString("text"));
                    }
                }
                ana.nextJson("left");
            }
        }
    }

    /**
     * Bo's message as every member gets it: its text not HTML-escaped, stamped between
     * {@code before} and now (give or take a second), with an id after the {@code joined} event's.
     */
    private static void assertMessageFromBo(JsonObject message, String room, Instant before, JsonObject joined) {
        assertEquals("message", message.getString("type"));
        assertEquals(room, message.getString("room"));
        assertEquals("bo", message.getString("from"));
        assertEquals("hello <b>ana</b> & \"co\"", message.getString("text"), "JSON text is never HTML-escaped");
        Instant at = assertIsoUtcMillis(message.getString("at"));
        assertFalse(at.isBefore(before) || at.isAfter(Instant.now().plusSeconds(1)), "at: " + at);
        assertTrue(EventId.parse(message.getString("id")).orElseThrow()
                .compareTo(EventId.parse(joined.getString("id")).orElseThrow()) > 0);
    }

    /** Says {@code text} and waits for the room to send it back to its author; returns that message. */
    private static JsonObject post(ChatClient author, String text) {
        author.say(text);
        JsonObject message = author.nextJson("message");
        assertEquals(text, message.getString("text"));
        return message;
    }

    static List<String> strings(jakarta.json.JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    static Instant assertIsoUtcMillis(String at) {
        assertTrue(at.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), "ISO-8601 UTC with millis: " + at);
        return Instant.parse(at);
    }
}

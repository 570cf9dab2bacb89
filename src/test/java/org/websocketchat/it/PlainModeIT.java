package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/** Plain mode, the seed page's protocol: raw text in, {@code NAME: TEXT} lines out. */
class PlainModeIT extends DeployedChat {

    @Test
    void everyMemberSenderIncludedGetsNameColonText() throws Exception {
        String room = Endpoints.freshRoom();
        try (ChatClient ana = ChatClient.plain(Endpoints.chat(base, "name", "ana", "room", room))) {
            assertEquals("", ana.subprotocol());
            assertEquals("* you are ana in #" + room + " — 1 online: ana", ana.next());
            try (ChatClient bo = ChatClient.plain(Endpoints.chat(base, "name", "bo", "room", room))) {
                assertEquals("* you are bo in #" + room + " — 2 online: ana, bo", bo.next());
                assertEquals("* bo joined", ana.next());
                bo.send("hello there");
                assertEquals("bo: hello there", bo.next());
                assertEquals("bo: hello there", ana.next());
            }
            assertEquals("* bo left", ana.next());
        }
    }

    @Test
    void joinMovesToAnotherRoomWhoseLinesAloneFollow() throws Exception {
        String first = Endpoints.freshRoom();
        String second = Endpoints.freshRoom();
        try (ChatClient ana = ChatClient.plain(Endpoints.chat(base, "name", "ana", "room", first))) {
            ana.next();
            try (ChatClient bo = ChatClient.plain(Endpoints.chat(base, "name", "bo", "room", first))) {
                bo.next();
                assertEquals("* bo joined", ana.next());
                try (ChatClient cy = ChatClient.plain(Endpoints.chat(base, "name", "cy", "room", second))) {
                    cy.next();

                    ana.send("/join #" + second);
                    assertEquals("* you are ana in #" + second + " \u2014 2 online: cy, ana", ana.next());
                    assertEquals("* ana joined", cy.next());
                    assertEquals("* ana left", bo.next());
                    bo.send("in the first room");
                    assertEquals("bo: in the first room", bo.next());
                    ana.send("in the second room");
                    assertEquals("ana: in the second room", ana.next(), "nothing from the room it moved out of");
                    assertEquals("ana: in the second room", cy.next());
                    ana.send("/join");
                    assertEquals("! usage: /join room", ana.next());
                }
            }
        }
    }

    @Test
    void nickGivesAGuestANewNameWithoutReplayingTheHistory() throws Exception {
        String room = Endpoints.freshRoom();
        try (ChatClient ana = ChatClient.plain(Endpoints.chat(base, "name", "ana", "room", room))) {
            ana.next();
            ana.send("before");
            assertEquals("ana: before", ana.next());
            try (ChatClient bo = ChatClient.plain(Endpoints.chat(base, "name", "bo", "room", room))) {
                bo.next();
                assertEquals("ana: before", bo.next(), "the history");
                assertEquals("* bo joined", ana.next());

                ana.send("/nick Ann");
                assertEquals("* you are Ann in #" + room + " \u2014 2 online: bo, Ann", ana.next());
                assertEquals(List.of("* ana left", "* Ann joined"), List.of(bo.next(), bo.next()));
                ana.send("after");
                assertEquals("Ann: after", ana.next(), "no history replayed before it");
                assertEquals("Ann: after", bo.next());
            }
        }
    }

    @Test
    void plainAndJsonClientsShareARoom() throws Exception {
        String room = Endpoints.freshRoom();
        try (ChatClient plain = ChatClient.plain(Endpoints.chat(base, "name", "pat", "room", room))) {
            // The welcome proves pat has joined: a handshake can complete before the server's
            // @OnOpen has run, so jo could otherwise join first.
            assertEquals("* you are pat in #" + room + " \u2014 1 online: pat", plain.next());
            try (ChatClient json = ChatClient.json(Endpoints.chat(base, "name", "jo", "room", room))) {
                json.nextJson("welcome");
                assertEquals("* jo joined", plain.next());
                plain.send("{\"type\":\"say\",\"text\":\"not a command here\"}");
                assertEquals("pat: {&quot;type&quot;:&quot;say&quot;,&quot;text&quot;:&quot;not a command here&quot;}", plain.next());
                assertEquals("{\"type\":\"say\",\"text\":\"not a command here\"}", json.nextJson("message").getString("text"),
                        "plain text is posted verbatim, and JSON clients get it unescaped");
                json.say("from json");
                assertEquals("jo: from json", plain.next());
            }
        }
    }

    @Test
    void commandsMeHelpAndDoubleSlashAndAnUnknownOneAnsweredToTheSenderAlone() throws Exception {
        String room = Endpoints.freshRoom();
        try (ChatClient ana = ChatClient.plain(Endpoints.chat(base, "name", "ana", "room", room))) {
            ana.next();
            try (ChatClient jo = ChatClient.json(Endpoints.chat(base, "name", "jo", "room", room))) {
                jo.nextJson("welcome");
                assertEquals("* jo joined", ana.next());

                ana.send("/me waves");
                assertEquals("* ana waves", ana.next());
                JsonObject action = jo.nextJson("message");
                assertEquals(List.of("ana", "waves", true), List.of(action.getString("from"), action.getString("text"),
                        action.getBoolean("action")));
                ana.send("/help");
                assertTrue(ana.next().startsWith("* commands: /who"));
                ana.send("/shrug");
                assertEquals("! unknown command /shrug (try /help)", ana.next());
                ana.send("//shrug");

                assertEquals("ana: /shrug", ana.next());
                JsonObject message = jo.nextJson("message");
                assertEquals("/shrug", message.getString("text"), "the help and the error went to ana alone");
                assertFalse(message.containsKey("action"));
            }
        }
    }

    @Test
    void htmlSpecialCharactersAreEscaped() throws Exception {
        try (ChatClient client = ChatClient.plain(Endpoints.chat(base, "name", "x", "room", Endpoints.freshRoom()))) {
            client.next();
            client.send("<img src=x onerror=alert(1)> & \"quotes\" 'too'");
            assertEquals("x: &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;too&#39;", client.next());
        }
    }

    @Test
    void newcomersGetTheHistoryAsLinesAfterTheirWelcome() throws Exception {
        String room = Endpoints.freshRoom();
        try (ChatClient ana = ChatClient.plain(Endpoints.chat(base, "name", "ana", "room", room))) {
            ana.next();
            ana.send("one");
            ana.send("two");
            assertEquals("ana: one", ana.next());
            assertEquals("ana: two", ana.next());
            try (ChatClient bo = ChatClient.plain(Endpoints.chat(base, "name", "bo", "room", room))) {
                assertEquals("* you are bo in #" + room + " — 2 online: ana, bo", bo.next());
                assertEquals("ana: one", bo.next());
                assertEquals("ana: two", bo.next());
            }
        }
    }

    @Test
    void errorsStartWithBangAndTheConnectionStays() throws Exception {
        try (ChatClient client = ChatClient.plain(Endpoints.chat(base, "name", "long", "room", Endpoints.freshRoom()))) {
            client.next();
            client.send("w".repeat(2001));
            assertEquals("! message too long (max 2000 characters)", client.next());
            client.send("   ");
            assertEquals("! empty message", client.next());
            client.send("short");
            assertEquals("long: short", client.next());
        }
    }

    @Test
    void noParametersAtAllMeansAGuestInTheLobby() throws Exception {
        try (ChatClient seedPage = ChatClient.plain(Endpoints.chat(base))) {
            String welcome = seedPage.next();
            assertTrue(welcome.matches("\\* you are guest-\\d{4} in #lobby — \\d+ online: .*"), welcome);
        }
    }
}

package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A moderator signed in through the container's FORM login, with the role its user store gives
 * ({@link TestUsers#MO}), kicks, mutes, bans and deletes; each target gets the documented answer
 * and nobody else is disconnected. A signed-in user without the role is refused.
 */
class ModerationIT extends DeployedChat {

    private Map<String, String> mo;
    private String room;

    @BeforeEach
    void signIn() throws Exception {
        mo = FormLogin.signedIn(base, TestUsers.MO);
        room = Endpoints.freshRoom();
    }

    private ChatClient joined(ChatClient client) {
        client.nextJson("welcome");
        return client;
    }

    @Test
    void aKickClosesTheTarget4002AndAMuteRefusesItsMessagesWhileTheOthersChatOn() throws Exception {
        try (ChatClient moderator = joined(ChatClient.jsonWith(Endpoints.chat(base, "room", room), mo));
                ChatClient cy = joined(ChatClient.json(Endpoints.chat(base, "name", "cy", "room", room)));
                ChatClient bo = joined(ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room)))) {
            moderator.send("{\"type\":\"mute\",\"room\":\"" + room + "\",\"name\":\"bo\",\"seconds\":300}");
            JsonObject muted = cy.nextJson("moderation");
            assertEquals(List.of("mute", "bo", "mo", 300), List.of(muted.getString("action"), muted.getString("name"),
                    muted.getString("by"), muted.getInt("seconds")));
            bo.say("still talking");
            JsonObject refused = bo.nextJson("error");
            assertEquals("muted", refused.getString("code"));
            assertEquals(true, refused.getString("message").startsWith("you are muted in #" + room + " for "));

            moderator.send("{\"type\":\"kick\",\"room\":\"" + room + "\",\"name\":\"bo\",\"reason\":\"spam\"}");

            CloseReason kicked = bo.awaitClose();
            assertEquals(4002, kicked.getCloseCode().getCode());
            assertEquals("spam", kicked.getReasonPhrase());
            assertEquals("kick", cy.nextJson("moderation").getString("action"));
            assertEquals("bo", cy.nextJson("left").getString("name"));
            cy.say("still here");
            assertEquals("still here", moderator.nextJson("message").getString("text"), "nobody else was disconnected");
        }
    }

    @Test
    void aBanClosesTheTarget4003AndRefusesIt1008UntilUnbannedAndADeletedMessageIsGoneForNewcomers() throws Exception {
        try (ChatClient moderator = joined(ChatClient.jsonWith(Endpoints.chat(base, "room", room), mo));
                ChatClient bo = joined(ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room)))) {
            bo.say("regrettable");
            String id = moderator.nextJson("message").getString("id");
            moderator.send("{\"type\":\"delete\",\"room\":\"" + room + "\",\"id\":\"" + id + "\"}");
            assertEquals(id, bo.nextJson("deleted").getString("id"));

            moderator.send("{\"type\":\"ban\",\"room\":\"" + room + "\",\"name\":\"bo\",\"seconds\":3600,\"reason\":\"trolling\"}");

            CloseReason banned = bo.awaitClose();
            assertEquals(4003, banned.getCloseCode().getCode());
            assertEquals("banned from #" + room + " for 3600 s: trolling", banned.getReasonPhrase());
        }
        try (ChatClient again = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room))) {
            CloseReason refused = again.awaitClose();
            assertEquals(1008, refused.getCloseCode().getCode());
            assertEquals(true, refused.getReasonPhrase().startsWith("banned from #" + room + " for "), refused.getReasonPhrase());
        }
        try (ChatClient moderator = ChatClient.plainWith(Endpoints.chat(base, "room", room), mo)) {
            assertEquals(true, moderator.next().startsWith("* you are mo ✓ in #" + room));
            moderator.send("/unban bo");
            // mo's first connection, closed above, may leave the room after this one has joined:
            // its one line is skipped, and only it.
            assertEquals("* bo was unbanned by mo", moderator.nextMatching(line -> !line.equals("* mo ✓ left")));
            try (ChatClient newcomer = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room))) {
                JsonObject welcome = newcomer.nextJson("welcome");
                assertEquals("bo", welcome.getString("you"));
                newcomer.say("after");
                assertEquals("after", newcomer.nextJson("message").getString("text"), "the deleted message was not replayed first");
            }
        }
    }

    @Test
    void aSignedInUserWithoutTheRoleIsForbiddenAndNobodyIsClosed() throws Exception {
        Map<String, String> ana = FormLogin.signedIn(base, TestUsers.ANA);
        try (ChatClient plainUser = joined(ChatClient.jsonWith(Endpoints.chat(base, "room", room), ana));
                ChatClient bo = joined(ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room)))) {
            plainUser.send("{\"type\":\"kick\",\"room\":\"" + room + "\",\"name\":\"bo\"}");

            JsonObject refused = plainUser.nextJson("error");
            assertEquals("forbidden", refused.getString("code"));
            assertEquals("only moderators may kick", refused.getString("message"));
            bo.say("unharmed");
            assertEquals("unharmed", plainUser.nextJson("message").getString("text"));
        }
    }
}

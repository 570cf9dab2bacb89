package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * The moderators' dashboard data, {@code /admin/api}, through the container's own sign-in and
 * role check: a moderator reads its kick there, samples appear every 5 s, a guest is asked to sign
 * in (401) and a user without the role is refused (403).
 */
class AdminIT extends DeployedChat {

    /** Samples come every 5 s; twice that, and some. */
    private static final Duration SAMPLES = Duration.ofSeconds(15);

    @Test
    void aModeratorReadsItsKickTheRoomsAndTheSamples() throws Exception {
        String room = Endpoints.freshRoom();
        FormLogin mo = new FormLogin(base);
        mo.signIn(TestUsers.MO);
        try (ChatClient moChat = ChatClient.jsonWith(Endpoints.chat(base, "room", room), mo.cookieHeader())) {
            moChat.nextJson("welcome");
            try (ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room))) {
                bo.nextJson("welcome");
                moChat.send("{\"type\":\"kick\",\"room\":\"" + room + "\",\"name\":\"bo\",\"reason\":\"spam\"}");
                assertEquals(4002, bo.awaitClose().getCloseCode().getCode());
            }

            // bo's close reaches the server's count a moment after bo has it: wait for the room of one.
            JsonObject dashboard = Poll.until("#" + room + " of one", SAMPLES, () -> dashboard(mo), d -> hasRoom(d, room, 1));
            JsonObject kick = dashboard.getJsonArray("moderation").getJsonObject(0);
            assertEquals(room, kick.getString("room"));
            assertEquals("kick", kick.getString("action"));
            assertEquals("bo", kick.getString("name"));
            assertEquals("mo", kick.getString("by"));
            assertEquals("spam", kick.getString("reason"));
            assertTrue(hasRoom(dashboard, room, 1), dashboard.toString());
        }
        JsonObject dashboard = Poll.until("a sample", SAMPLES, () -> dashboard(mo), d -> !d.getJsonArray("samples").isEmpty());
        JsonObject sample = dashboard.getJsonArray("samples").getJsonObject(0);
        assertTrue(sample.getInt("connections") >= 0 && sample.containsKey("fanoutP99Ms"), sample.toString());
    }

    @Test
    void aGuestIsAskedToSignInAndAUserWithoutTheRoleIsRefused() throws Exception {
        HttpResponse<String> guest = new FormLogin(base).get("admin/api");
        assertEquals(401, guest.statusCode());
        assertEquals("{\"error\":\"sign in first\"}", guest.body());

        FormLogin ana = new FormLogin(base);
        ana.signIn(TestUsers.ANA);
        assertEquals(403, ana.get("admin/api").statusCode());
    }

    private static boolean hasRoom(JsonObject dashboard, String room, int members) {
        return dashboard.getJsonArray("rooms").stream().map(JsonObject.class::cast)
                .anyMatch(entry -> entry.getString("room").equals(room) && entry.getInt("members") == members);
    }

    private static JsonObject dashboard(FormLogin moderator) {
        HttpResponse<String> response;
        try {
            response = moderator.get("admin/api");
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException(e));
        }
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return ChatClient.parse(response.body());
    }
}

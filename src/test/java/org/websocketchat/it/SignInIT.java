package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Test;

/**
 * Sign-in through the container, as a browser does it: {@code /login} shows the WAR's own login
 * page, the form posts to {@code j_security_check} against the container's user store
 * ({@link TestUsers}), the browser comes back to the chat page, and the chat's handshake, which
 * carries the session's cookies, is the signed-in user's.
 */
class SignInIT extends DeployedChat {

    @Test
    void loginShowsTheWarsSignInPageToAnAnonymousVisitor() throws Exception {
        FormLogin browser = new FormLogin(base);

        HttpResponse<String> page = browser.get("login");

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("action=\"j_security_check\""), page.body());
        assertTrue(page.body().contains("<title>Sign in · websocket-chat</title>"), page.body());
    }

    @Test
    void aSignedInUserChatsUnderThePrincipalsNameMarkedVerifiedWhateverNameItAsksFor() throws Exception {
        FormLogin browser = new FormLogin(base);

        HttpResponse<String> landed = browser.signIn(TestUsers.ANA);

        assertEquals(200, landed.statusCode());
        assertEquals(URI.create(base + "").getPath(), landed.uri().getPath(), "back on the chat page");
        assertWelcomed("mallory", browser.cookieHeader(), "ana", true);
    }

    @Test
    void everyConnectionOfASignedInUserHasItsNameAndAGuestAskingForItGetsAnother() throws Exception {
        Map<String, String> cookies = FormLogin.signedIn(base, TestUsers.ANA);
        String room = Endpoints.freshRoom();
        try (ChatClient tab = ChatClient.jsonWith(Endpoints.chat(base, "room", room), cookies)) {
            // The second tab opens once the first is in: two joins at once may seat them in either order.
            assertEquals("ana", tab.nextJson("welcome").getString("you"));
            try (ChatClient otherTab = ChatClient.jsonWith(Endpoints.chat(base, "room", room), cookies)) {
                JsonObject second = otherTab.nextJson("welcome");
                assertEquals("ana", second.getString("you"));
                assertEquals(List.of("ana", "ana"), strings(second.getJsonArray("members")));
                assertEquals(List.of("ana", "ana"), strings(second.getJsonArray("verifiedMembers")));
                try (ChatClient guest = ChatClient.json(Endpoints.chat(base, "name", "ANA", "room", room))) {
                    assertEquals("ANA-2", guest.nextJson("welcome").getString("you"));

                    otherTab.say("hello");

                    JsonObject message = guest.nextJson("message");
                    assertEquals(List.of("ana", "hello"), List.of(message.getString("from"), message.getString("text")));
                    assertTrue(message.getBoolean("verified"));
                }
            }
        }
    }

    @Test
    void aGuestHoldingTheNameOfAUserWhoSignsInIsClosed4001AndTheRoomSeesItLeave() throws Exception {
        Map<String, String> cookies = FormLogin.signedIn(base, TestUsers.ANA);
        String room = Endpoints.freshRoom();
        // Each client is seated before the next connects (a handshake completes before the server seats it).
        try (ChatClient bo = welcomed(ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room)));
                ChatClient impostor = welcomed(ChatClient.json(Endpoints.chat(base, "name", "ana", "room", room)))) {
            JsonObject impostorJoined = bo.nextJson("joined");
            assertFalse(impostorJoined.containsKey("verified"));

            try (ChatClient ana = ChatClient.jsonWith(Endpoints.chat(base, "room", room), cookies)) {
                assertEquals("ana", ana.nextJson("welcome").getString("you"));

                CloseReason closed = impostor.awaitClose();
                assertEquals(4001, closed.getCloseCode().getCode());
                assertEquals("a signed-in user has this name: reconnect for another", closed.getReasonPhrase());
                JsonObject left = bo.nextJson("left");
                assertEquals("ana", left.getString("name"));
                assertFalse(left.containsKey("verified"));
                JsonObject joined = bo.nextJson("joined");
                assertEquals("ana", joined.getString("name"));
                assertTrue(joined.getBoolean("verified"));
            }
        }
    }

    @Test
    void plainModeMarksTheSignedInUserInTheWelcomeMessagesAndWho() throws Exception {
        Map<String, String> cookies = FormLogin.signedIn(base, TestUsers.ANA);
        String room = Endpoints.freshRoom();
        try (ChatClient ana = ChatClient.plainWith(Endpoints.chat(base, "room", room), cookies)) {
            // A handshake completes before the server has seated the client: bo comes after ana's welcome.
            assertEquals("* you are ana ✓ in #" + room + " — 1 online: ana ✓", ana.next());
            try (ChatClient bo = ChatClient.plain(Endpoints.chat(base, "name", "bo", "room", room))) {
                assertEquals("* you are bo in #" + room + " — 2 online: ana ✓, bo", bo.next());
                assertEquals("* bo joined", ana.next());

                ana.send("hi");
                assertEquals("ana ✓: hi", bo.next());
                bo.send("/who");
                assertEquals("* 2 in #" + room + ": ana ✓, bo", bo.next());
                bo.send("after who");

                assertEquals(List.of("ana ✓: hi", "bo: after who"), List.of(ana.next(), ana.next()), "only bo saw the answer");
            }
        }
    }

    private static ChatClient welcomed(ChatClient client) {
        client.nextJson("welcome");
        return client;
    }

    /** Connects to a room of its own asking for {@code asked}, with these cookies, and checks the welcome. */
    private void assertWelcomed(String asked, Map<String, String> cookies, String you, boolean verified) throws Exception {
        try (ChatClient client = ChatClient.jsonWith(Endpoints.chat(base, "name", asked, "room", Endpoints.freshRoom()), cookies)) {
            JsonObject welcome = client.nextJson("welcome");
            assertEquals(List.of(you, verified), List.of(welcome.getString("you"), welcome.getBoolean("verified")));
        }
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void aWrongPasswordShowsTheFailurePageAndTheChatStillSeesAGuest() throws Exception {
        FormLogin browser = new FormLogin(base);
        browser.get("login");

        HttpResponse<String> failed = browser.postForm("j_security_check",
                Map.of("j_username", TestUsers.ANA.user, "j_password", "not-" + TestUsers.ANA.password));

        assertTrue(failed.body().contains("id=\"sign-in-failed\""), failed.statusCode() + " " + failed.body());
        assertWelcomed("bo", browser.cookieHeader(), "bo", false);
    }

    @Test
    void afterSigningOutTheNextConnectionIsAGuest() throws Exception {
        FormLogin browser = new FormLogin(base);
        browser.signIn(TestUsers.ANA);

        HttpResponse<String> out = browser.postForm("logout", Map.of());

        assertEquals(200, out.statusCode());
        assertEquals(URI.create(base + "").getPath(), out.uri().getPath(), "back on the chat page");
        assertWelcomed("bo", browser.cookieHeader(), "bo", false);
    }

    @Test
    void signOutIsAPostOnly() throws Exception {
        assertEquals(405, new FormLogin(base).get("logout").statusCode());
    }
}

package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import jakarta.json.JsonObject;

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
        try (ChatClient ana = ChatClient.jsonWith(Endpoints.chat(base, "name", "mallory", "room", Endpoints.freshRoom()),
                browser.cookieHeader())) {
            JsonObject welcome = ana.nextJson("welcome");
            assertEquals("ana", welcome.getString("you"));
            assertTrue(welcome.getBoolean("verified"));
        }
    }

    @Test
    void aWrongPasswordShowsTheFailurePageAndTheChatStillSeesAGuest() throws Exception {
        FormLogin browser = new FormLogin(base);
        browser.get("login");

        HttpResponse<String> failed = browser.postForm("j_security_check",
                Map.of("j_username", TestUsers.ANA.user, "j_password", "not-" + TestUsers.ANA.password));

        assertTrue(failed.body().contains("id=\"sign-in-failed\""), failed.statusCode() + " " + failed.body());
        try (ChatClient guest = ChatClient.jsonWith(Endpoints.chat(base, "name", "bo", "room", Endpoints.freshRoom()),
                browser.cookieHeader())) {
            JsonObject welcome = guest.nextJson("welcome");
            assertEquals("bo", welcome.getString("you"));
            assertFalse(welcome.getBoolean("verified"));
        }
    }

    @Test
    void afterSigningOutTheNextConnectionIsAGuest() throws Exception {
        FormLogin browser = new FormLogin(base);
        browser.signIn(TestUsers.ANA);

        HttpResponse<String> out = browser.postForm("logout", Map.of());

        assertEquals(200, out.statusCode());
        assertEquals(URI.create(base + "").getPath(), out.uri().getPath(), "back on the chat page");
        try (ChatClient guest = ChatClient.jsonWith(Endpoints.chat(base, "name", "bo", "room", Endpoints.freshRoom()),
                browser.cookieHeader())) {
            JsonObject welcome = guest.nextJson("welcome");
            assertEquals("bo", welcome.getString("you"));
            assertFalse(welcome.getBoolean("verified"));
        }
    }

    @Test
    void signOutIsAPostOnly() throws Exception {
        assertEquals(405, new FormLogin(base).get("logout").statusCode());
    }
}

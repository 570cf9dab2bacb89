package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
        Browser browser = new Browser();

        HttpResponse<String> page = browser.get("login");

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("action=\"j_security_check\""), page.body());
        assertTrue(page.body().contains("<title>Sign in · websocket-chat</title>"), page.body());
    }

    @Test
    void aSignedInUserChatsUnderThePrincipalsNameMarkedVerifiedWhateverNameItAsksFor() throws Exception {
        Browser browser = new Browser();

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
        Browser browser = new Browser();
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
        Browser browser = new Browser();
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
        assertEquals(405, new Browser().get("logout").statusCode());
    }

    /** An HTTP client that keeps cookies and follows redirects, as a browser does. */
    private final class Browser {

        private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(ChatClient.TIMEOUT)
                .build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(base.toURI().resolve(path)).timeout(ChatClient.TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> postForm(String path, Map<String, String> fields) throws Exception {
            String form = fields.entrySet().stream()
                    .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return http.send(HttpRequest.newBuilder(base.toURI().resolve(path)).timeout(ChatClient.TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Visits {@code /login}, as a link would, and fills in the form it is shown. */
        HttpResponse<String> signIn(TestUsers user) throws Exception {
            HttpResponse<String> form = get("login");
            assertTrue(form.body().contains("j_security_check"), form.statusCode() + " " + form.body());
            return postForm("j_security_check", Map.of("j_username", user.user, "j_password", user.password));
        }

        /** The cookies a browser would send with the chat's handshake. */
        Map<String, String> cookieHeader() throws Exception {
            List<HttpCookie> held = cookies.getCookieStore().get(base.toURI().resolve("chat"));
            return held.isEmpty() ? Map.of()
                    : Map.of("Cookie", held.stream().map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; ")));
        }
    }
}

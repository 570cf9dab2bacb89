package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An HTTP client that keeps cookies and follows redirects, as a browser does: it signs in through
 * the container's FORM login and hands the cookies on to a chat handshake. It speaks HTTP/1.1, as
 * a browser does over plain http: Java's client otherwise offers an h2c upgrade, which Open Liberty
 * leaves unanswered (docs/containers.md, 26). Its timeout bounds every request.
 */
final class FormLogin {

    private final URL base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(ChatClient.TIMEOUT)
            .build();

    /** {@code base}: the deployed WAR's URL, ending in a slash. */
    FormLogin(URL base) {
        this.base = base;
    }

    /** Signs {@code user} in and returns the cookies for a handshake; fails unless it ends on the chat page. */
    static Map<String, String> signedIn(URL base, TestUsers user) throws Exception {
        FormLogin login = new FormLogin(base);
        HttpResponse<String> landed = login.signIn(user);
        assertTrue(landed.statusCode() == 200 && landed.uri().getPath().equals(base.getPath()),
                "signed in and back on the chat page: " + landed.statusCode() + " " + landed.uri());
        return login.cookieHeader();
    }

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

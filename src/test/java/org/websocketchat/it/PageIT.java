package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The page at the context root and its assets are served, self-contained. */
class PageIT extends DeployedChat {

    private static final Duration TIMEOUT = ChatClient.TIMEOUT;

    @Test
    void theContextRootServesTheChatPageAndItsAssets() throws Exception {
        // HTTP/1.1 as a browser speaks it over plain http: Java's client otherwise offers an h2c
        // upgrade, which Open Liberty leaves unanswered. Bounded, so a hang fails the test.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
        HttpResponse<String> page = get(http, "");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script src=\"chat.js\"></script>"));
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "nothing from elsewhere");

        HttpResponse<String> script = get(http, "chat.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("'chat.v1'"), "the page speaks JSON mode");
        assertFalse(script.body().contains("innerHTML"), "user text goes through textContent");
        assertEquals(200, get(http, "chat.css").statusCode());
    }

    private HttpResponse<String> get(HttpClient http, String path) throws Exception {
        URI uri = new URL(base, path).toURI();
        return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }
}

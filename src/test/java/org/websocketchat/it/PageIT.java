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
import java.util.List;

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
        assertTrue(page.body().contains("<script type=\"module\" src=\"chat.js\"></script>"));
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "nothing from elsewhere");

        // A browser runs a module only when it comes with a JavaScript type: every container must say so.
        for (String module : List.of("chat.js", "js/session.js", "js/frames.js", "js/view.js", "js/link.js", "js/conversations.js")) {
            HttpResponse<String> script = get(http, module);
            assertEquals(200, script.statusCode(), module);
            assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"), module);
            assertFalse(script.body().contains("innerHTML"), module + ": user text goes through textContent");
        }
        assertTrue(get(http, "js/link.js").body().contains("'chat.v1'"), "the page speaks JSON mode");
        assertEquals(200, get(http, "chat.css").statusCode());
    }

    private HttpResponse<String> get(HttpClient http, String path) throws Exception {
        URI uri = new URL(base, path).toURI();
        return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }
}

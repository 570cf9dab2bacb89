package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/** The page at the context root and its assets are served, self-contained. */
class PageIT extends DeployedChat {

    @Test
    void theContextRootServesTheChatPageAndItsAssets() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
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
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}

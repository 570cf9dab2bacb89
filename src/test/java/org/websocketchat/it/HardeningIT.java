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
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * What the WAR serves over HTTP carries the browser's defences, and its errors are its own pages,
 * which name no container.
 */
class HardeningIT extends DeployedChat {

    private static final Duration TIMEOUT = ChatClient.TIMEOUT;
    /** Names a container's own error page gives away. */
    private static final List<String> CONTAINER_NAMES = List.of("tomcat", "jetty", "wildfly", "undertow", "liberty",
            "websphere", "glassfish", "payara", "grizzly", "jboss");

    /** HTTP/1.1 as a browser speaks it over plain http (see PageIT). */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

    @Test
    void thePageItsAssetsAndTheStatusCarryTheSecurityHeaders() throws Exception {
        for (String path : List.of("", "chat.js", "chat.css", "status")) {
            HttpResponse<String> response = get(path);
            assertEquals(200, response.statusCode(), path);
            assertSecurityHeaders(response, path);
        }
    }

    @Test
    void aMissingPathGetsTheWarsOwnNotFoundPageWithTheHeaders() throws Exception {
        for (String path : List.of("no-such-page", "no/such/folder/")) {
            HttpResponse<String> response = get(path);

            assertEquals(404, response.statusCode(), path);
            assertTrue(response.body().contains("websocket-chat has nothing at this address."), path + ": " + response.body());
            assertNamesNoContainer(response, path);
            assertSecurityHeaders(response, path);
        }
    }

    /**
     * A protected path is not found, with one of the WAR's pages (which one is the container's
     * choice: Jetty gives the general one). WildFly answers it itself, before any filter or error
     * page of the WAR, with a bare page that names no container (docs/containers.md, 30).
     */
    @Test
    void aProtectedPathIsNotFoundAndNamesNoContainer() throws Exception {
        HttpResponse<String> response = get("WEB-INF/web.xml");

        assertEquals(404, response.statusCode());
        assertNamesNoContainer(response, "WEB-INF/web.xml");
        if ("wildfly".equals(System.getProperty("arquillian.launch"))) {
            assertEquals("<html><head><title>Error</title></head><body>404 - Not Found</body></html>", response.body());
        } else {
            assertTrue(response.body().contains(" · websocket-chat</title>"), response.body());
            assertSecurityHeaders(response, "WEB-INF/web.xml");
        }
    }

    private static void assertSecurityHeaders(HttpResponse<String> response, String path) {
        String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.startsWith("default-src 'none'; script-src 'self'; style-src 'self';"), path + ": " + policy);
        assertTrue(policy.contains("frame-ancestors 'none'"), path + ": " + policy);
        String host = response.uri().getAuthority();
        assertTrue(policy.endsWith("connect-src 'self' ws://" + host + " wss://" + host), path + ": " + policy);
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""), path);
        assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElse(""), path);
    }

    private static void assertNamesNoContainer(HttpResponse<String> response, String path) {
        String body = response.body().toLowerCase(Locale.ROOT);
        for (String name : CONTAINER_NAMES) {
            assertFalse(body.contains(name), path + " names " + name + ": " + response.body());
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = new URL(base, path).toURI();
        return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }
}

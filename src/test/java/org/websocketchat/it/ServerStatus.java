package org.websocketchat.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

import jakarta.json.JsonObject;

/** The server's {@code GET /status} counts, as the tests read them. */
record ServerStatus(int connections, int rooms, long queuedBytes, long largestQueueBytes) {

    // HTTP/1.1: Java's client would otherwise offer an h2c upgrade, which Open Liberty leaves unanswered.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ChatClient.TIMEOUT).build();

    static ServerStatus of(URL base) {
        try {
            URI uri = new URL(base, "status").toURI();
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(ChatClient.TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + uri + " answered " + response.statusCode());
            }
            JsonObject status = ChatClient.parse(response.body());
            return new ServerStatus(status.getInt("connections"), status.getInt("rooms"),
                    status.getJsonNumber("queuedBytes").longValue(), status.getJsonNumber("largestQueueBytes").longValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Polls until the status satisfies {@code wanted}; fails with the last one seen after
     * {@code timeout}. A request that fails is asked again until then: while thousands of
     * connections are reset at once, one may be refused.
     */
    static ServerStatus await(URL base, Duration timeout, Predicate<ServerStatus> wanted) throws InterruptedException {
        return Poll.until("the wanted status", timeout, () -> of(base), wanted);
    }
}

package org.websocketchat.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A node's {@code GET /health/live} or {@code /health/ready}, as "STATUS BODY", for tests that start their own servers. */
final class Health {

    // HTTP/1.1: Java's client would otherwise offer an h2c upgrade, which Open Liberty leaves unanswered.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Health() {
    }

    /** Its status code and body; an I/O error is unchecked, so that {@link Poll#until} asks again. */
    static String of(URI page, String check) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(page.resolve("health/" + check))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

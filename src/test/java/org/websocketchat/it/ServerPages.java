package org.websocketchat.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain GETs of the deployed chat's own pages ({@code /status}, {@code /metrics}), as probes read them. */
final class ServerPages {

    // HTTP/1.1: Java's client would otherwise offer an h2c upgrade, which Open Liberty leaves unanswered.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ChatClient.TIMEOUT).build();

    private ServerPages() {
    }

    /** The body of {@code GET path} under {@code base}; any answer but 200 fails the test. */
    static String get(URL base, String path) {
        try {
            URI uri = new URL(base, path).toURI();
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(ChatClient.TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + uri + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

package org.websocketchat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.websocketchat.node.PostgresNode;

/**
 * The database's side of a run with {@code chat.store=jdbc}, taken once after the last round: the
 * rows it holds against the messages our side's senders sent (warm-ups included), which must be
 * equal as every room message is stored before anyone gets it; and from our server's
 * {@code /metrics} its writes that failed and the mean time of one write until committed.
 */
final class Stored {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Stored() {
    }

    static JsonObject measure(PostgresNode database, Side ours) throws Exception {
        long rows = Long.parseLong(database.rows("SELECT count(*) FROM chat_message").get(0).get(0));
        URI chat = ours.chats().get(0);
        URI metrics = new URI("http", null, chat.getHost(), chat.getPort(), chat.getPath().replaceFirst("chat$", "metrics"), null, null);
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build()
                .send(HttpRequest.newBuilder(metrics).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + metrics + " answered " + response.statusCode());
        }
        String scrape = response.body();
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("rows", rows)
                .add("sent", ours.sent())
                .add("writeErrors", (long) value(scrape, "chat_store_errors_total"));
        Figures.put(json, "meanWriteMs", value(scrape, "chat_store_writes_seconds_sum") * 1000
                / value(scrape, "chat_store_writes_seconds_count"));
        return json.build();
    }

    /** The value of the one sample named {@code name} in a Prometheus text scrape. */
    private static double value(String scrape, String name) {
        return scrape.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{")).findFirst()
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new IllegalStateException("no " + name + " in the server's /metrics"));
    }
}

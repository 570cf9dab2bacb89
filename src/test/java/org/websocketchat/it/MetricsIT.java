package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} and the health checks of the deployed WAR, read as Prometheus and a load
 * balancer read them: the chat's counters move by exactly what a chat did, and nothing names a
 * member or a room.
 */
class MetricsIT extends DeployedChat {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** HTTP/1.1 as a browser speaks it over plain http (see PageIT). */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

    @Test
    void aChatMovesTheCountersByWhatHappenedAndNamesNobody() throws Exception {
        String room = Endpoints.freshRoom();
        String before = metrics();
        try (ChatClient ana = ChatClient.json(Endpoints.chat(base, "name", "zelda-ana", "room", room))) {
            ana.nextJson("welcome");
            try (ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "zelda-bo", "room", room))) {
                bo.nextJson("welcome");
                ana.say("one");
                bo.nextJson("message");
                bo.say("two");
                ana.nextMatching(f -> f.contains("\"text\":\"two\""));
                ana.say("x".repeat(2001));
                assertEquals("too_long", ana.nextJson("error").getString("code"));
                String during = metrics();

                assertEquals(2, value(during, "chat_messages_received_total") - value(before, "chat_messages_received_total"));
                assertEquals(4, value(during, "chat_deliveries_total") - value(before, "chat_deliveries_total"), "2 messages to 2 members");
                assertEquals(1, value(during, "chat_refusals_total{reason=\"too_long\"}")
                        - value(before, "chat_refusals_total{reason=\"too_long\"}"));
                assertEquals(2, value(during, "chat_fanout_seconds_count") - value(before, "chat_fanout_seconds_count"));
                assertTrue(value(during, "chat_connections") >= 2);
                assertTrue(value(during, "chat_room_members{le=\"2\"}") >= 1, "this room counts among those of at most 2");
                // Summed over the heap's pools: one of them (Eden, just after a collection) may hold nothing.
                assertTrue(during.lines().filter(line -> line.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum() > 0,
                        "the JVM's own figures: " + during.lines().filter(line -> line.startsWith("jvm_memory_used")).toList());
                assertFalse(during.contains("zelda") || during.contains(room), "no member or room names");
            }
        }
        awaitValue("chat_closes_total{code=\"1000\"}", value(before, "chat_closes_total{code=\"1000\"}") + 2);
    }

    @Test
    void healthSaysUpWhileTheChatRuns() throws Exception {
        HttpResponse<String> live = get("health/live");
        assertEquals(200, live.statusCode());
        assertEquals("{\"status\":\"UP\"}", live.body());
        assertTrue(live.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        HttpResponse<String> ready = get("health/ready");
        assertEquals(200, ready.statusCode());
        assertEquals("{\"status\":\"UP\"}", ready.body());
        assertEquals(404, get("health/other").statusCode());
    }

    @Test
    void theMetricsAreThePrometheusTextFormat() throws Exception {
        HttpResponse<String> response = get("metrics");
        assertEquals(200, response.statusCode());
        String type = response.headers().firstValue("Content-Type").orElse("").replace(" ", "");
        assertTrue(type.startsWith("text/plain;version=0.0.4"), type);
        assertTrue(response.body().contains("# TYPE chat_fanout_seconds histogram"), response.body());
        assertTrue(response.body().contains("# TYPE chat_connections gauge"));
    }

    private String metrics() throws Exception {
        HttpResponse<String> response = get("metrics");
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = new URL(base, path).toURI();
        return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitValue(String series, double expected) throws Exception {
        assertEquals(expected, Poll.until(series + " = " + expected, TIMEOUT, () -> value(uncheckedMetrics(), series),
                seen -> seen == expected));
    }

    private String uncheckedMetrics() {
        try {
            return metrics();
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    /** The value of the series written exactly so (name and labels), 0 when it is not there yet. */
    static double value(String text, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(text);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }
}

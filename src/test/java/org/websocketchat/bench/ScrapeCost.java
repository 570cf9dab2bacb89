package org.websocketchat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.websocketchat.node.ServerNode;

/**
 * What one Prometheus scrape of {@code /metrics} costs our server while the benchmark's clients are
 * connected: the server's own time to take it (its {@code Server-Timing} header), the time to the
 * last byte on loopback, and the server's CPU time per scrape, which also holds the HTTP request
 * and whatever else the server did meanwhile (pings to the idle clients), so it is an upper bound.
 */
final class ScrapeCost {

    /** Enough for the JIT to compile the scrape's path before the measured ones. */
    private static final int WARM_UP = 200;
    private static final int SCRAPES = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ScrapeCost() {
    }

    static JsonObject measure(Side ours) throws Exception {
        URI chat = ours.chats().get(0);
        URI metrics = new URI("http", null, chat.getHost(), chat.getPort(), chat.getPath().replaceFirst("chat$", "metrics"), null, null);
        ServerNode server = ours.servers().get(0);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(metrics).timeout(TIMEOUT).build();
        for (int i = 0; i < WARM_UP; i++) {
            http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        long[] nanos = new long[SCRAPES];
        double[] serverMs = new double[SCRAPES];
        long bytes = 0;
        Duration cpuBefore = server.jvm().cpuTime();
        for (int i = 0; i < SCRAPES; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            nanos[i] = System.nanoTime() - started;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + metrics + " answered " + response.statusCode());
            }
            bytes = response.body().length();
            serverMs[i] = Double.parseDouble(response.headers().firstValue("Server-Timing").orElseThrow()
                    .replaceFirst("^scrape;dur=", ""));
        }
        Duration cpu = server.jvm().cpuTime().minus(cpuBefore);
        Arrays.sort(nanos);
        Arrays.sort(serverMs);
        return Json.createObjectBuilder()
                .add("scrapes", SCRAPES)
                .add("serverTimingMedianMs", serverMs[SCRAPES / 2])
                .add("serverTimingMaxMs", serverMs[SCRAPES - 1])
                .add("medianMs", nanos[SCRAPES / 2] / 1e6)
                .add("maxMs", nanos[SCRAPES - 1] / 1e6)
                .add("serverCpuMsPerScrape", cpu.toNanos() / 1e6 / SCRAPES)
                .add("bodyChars", bytes)
                .build();
    }
}

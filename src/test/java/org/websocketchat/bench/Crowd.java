package org.websocketchat.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

import org.HdrHistogram.Histogram;

/**
 * Crowd mode: all {@code clients} in one room, {@code lobby}, ramped up at {@code connect-rate},
 * held for {@code hold} seconds, then judged on what crowd presence must keep true and on what the
 * crowd costs: how many stayed open; whether the count each one last read equals the members there
 * are; the fan-out of one message to all of them; the server's threads before the ramp, at its
 * end, at the end of the hold and at their peak while every client closes at once; and live heap
 * and RSS per connection. The benchmark's thread drives it alone.
 */
final class Crowd {

    static final String ROOM = "lobby";
    /** A crowded room's update goes out at most once a second; three seconds let a late tick in too. */
    private static final Duration LAST_UPDATE = Duration.ofSeconds(3);
    private static final Duration FAN_OUT_WAIT = Duration.ofSeconds(30);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);
    private static final long SAMPLE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long POLL_EVERY_MILLIS = 100;

    private final BenchOptions options;
    private final Side side;
    private final List<HttpClient> http;
    private final HttpClient status = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Crowd(BenchOptions options, Side side, List<HttpClient> http) {
        this.options = options;
        this.side = side;
        this.http = http;
    }

    /** What every open client last read, once the last presence update has had time to arrive. */
    private record Counts(long open, long right, int lowest, int highest) {
    }

    /** A mass close: the threads' peak while it ran, how long until the servers held no connection, how many they still held. */
    private record Close(ServerThreads peak, double seconds, long left) {
    }

    void run(JsonObjectBuilder result) throws Exception {
        long clientHeapBefore = clientHeapBytes();
        ServerThreads before = threads();
        double rampSeconds = side.connect(options, http, i -> ROOM).toNanos() / 1e9;
        ServerThreads ramped = threads();
        List<BenchClient> clients = side.clients();
        Side.awaitQuietly(CompletableFuture.allOf(clients.stream().map(BenchClient::closed).toArray(CompletableFuture[]::new)),
                Duration.ofSeconds(options.hold()));
        ServerThreads held = threads();
        long open = Math.max(1, clients.stream().filter(BenchClient::isOpen).count());
        long clientHeapPerConnection = (clientHeapBytes() - clientHeapBefore) / open;
        JsonObject cost = side.costPerConnection(Json.createObjectBuilder()).build();
        cost.forEach(result::add);
        Counts counts = awaitLastUpdate(clients);
        JsonObject fanOut = fanOut(clients).build();
        Close close = closeAll();
        result.add("room", ROOM)
                .add("connectRate", options.connectRate())
                .add("httpClients", options.httpClients())
                .add("rampSeconds", Math.round(rampSeconds * 10) / 10.0)
                .add("holdSeconds", options.hold())
                .add("open", counts.open())
                .add("memberCount", Json.createObjectBuilder().add("right", counts.right())
                        .add("wrong", counts.open() - counts.right()).add("lowest", counts.lowest())
                        .add("highest", counts.highest()))
                .add("fanOut", fanOut)
                .add("clientHeapPerConnectionBytes", clientHeapPerConnection)
                .add("massClose", Json.createObjectBuilder().add("seconds", close.seconds())
                        .add("connectionsLeft", close.left()));
        if (before != null) {
            result.add("serverThreads", Json.createObjectBuilder().add("beforeConnecting", before.json())
                    .add("endOfRamp", ramped.json()).add("endOfHold", held.json())
                    .add("peakWhileClosing", close.peak().json()));
        }
        print(System.err, rampSeconds, counts, fanOut, cost, clientHeapPerConnection, close,
                before == null ? List.of() : List.of(before, ramped, held, close.peak()));
    }

    /**
     * Waits until every open client's last count equals the number open, or {@link #LAST_UPDATE}
     * has passed; a count still off by then is wrong.
     */
    private Counts awaitLastUpdate(List<BenchClient> clients) throws InterruptedException {
        long deadline = System.nanoTime() + LAST_UPDATE.toNanos();
        while (true) {
            List<BenchClient> open = clients.stream().filter(BenchClient::isOpen).toList();
            long right = open.stream().filter(c -> c.members() == open.size()).count();
            if (right == open.size() || System.nanoTime() - deadline > 0) {
                return new Counts(open.size(), right, open.stream().mapToInt(BenchClient::members).min().orElse(0),
                        open.stream().mapToInt(BenchClient::members).max().orElse(0));
            }
            TimeUnit.MILLISECONDS.sleep(POLL_EVERY_MILLIS);
        }
    }

    /** One message from the first open client, and its latency to every open member, the sender included. */
    private JsonObjectBuilder fanOut(List<BenchClient> clients) throws InterruptedException {
        List<BenchClient> open = clients.stream().filter(BenchClient::isOpen).toList();
        JsonObjectBuilder json = Json.createObjectBuilder().add("members", open.size());
        if (open.isEmpty()) {
            return json;
        }
        Deliveries deliveries = side.deliveries();
        CompletableFuture<Void> allIn = deliveries.expect(open.size());
        BenchClient sender = open.get(0);
        // Its index among all clients, as in load mode, so that its node is index % nodes.
        sender.send(clients.indexOf(sender), 0);
        Side.awaitQuietly(allIn, FAN_OUT_WAIT);
        long delivered = deliveries.count();
        Histogram latencies = deliveries.latencies();
        return json.add("deliveries", delivered).add("lost", open.size() - delivered)
                .add("latencyMs", Figures.Latency.of(latencies).json());
    }

    /** Closes every client at once, sampling the server's threads every 500 ms until it holds no connection or 60 s pass. */
    private Close closeAll() throws IOException, InterruptedException {
        long start = System.nanoTime();
        side.close();
        ServerThreads peak = null;
        long next = start;
        while (true) {
            next += SAMPLE_EVERY_NANOS;
            ServerThreads now = threads();
            peak = peak == null ? now : peak.max(now);
            long left = connections();
            long elapsed = System.nanoTime() - start;
            if (left == 0 || elapsed >= CLOSE_WAIT.toNanos()) {
                return new Close(peak, Math.round(elapsed / 1e8) / 10.0, left);
            }
            // A sample (a jcmd thread dump) may take longer than the period: the next one then follows at once.
            TimeUnit.NANOSECONDS.sleep(next - System.nanoTime());
        }
    }

    /** The servers' threads now, or {@code null} for a running server ({@code url}) the benchmark cannot look into. */
    private ServerThreads threads() throws IOException, InterruptedException {
        return side.servers().isEmpty() ? null : ServerThreads.of(side.servers());
    }

    /** Open connections over all servers, as each one's {@code GET /websocket-chat/status} reports them. */
    private long connections() throws IOException, InterruptedException {
        long connections = 0;
        for (URI chat : side.chats()) {
            URI page = URI.create(chat.resolve("status").toString().replaceFirst("^ws", "http"));
            HttpResponse<String> answer = status.send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            try (JsonReader reader = Json.createReader(new StringReader(answer.body()))) {
                connections += reader.readObject().getJsonNumber("connections").longValue();
            }
        }
        return connections;
    }

    /** This JVM's live heap after a full collection: what the clients hold, to check that they fit. */
    private static long clientHeapBytes() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private void print(PrintStream out, double rampSeconds, Counts counts, JsonObject fanOut, JsonObject cost,
            long clientHeapPerConnection, Close close, List<ServerThreads> threads) {
        out.printf(Locale.ROOT, "crowd: %d clients in #%s, ramp %.1f s at %d/s over %d HttpClients, held %d s%n",
                options.clients(), ROOM, rampSeconds, options.connectRate(), options.httpClients(), options.hold());
        out.printf(Locale.ROOT, "open after the hold: %d; last count right %d, wrong %d (seen %d to %d)%n", counts.open(),
                counts.right(), counts.open() - counts.right(), counts.lowest(), counts.highest());
        JsonObject latency = fanOut.getJsonObject("latencyMs");
        if (latency != null) {
            out.printf(Locale.ROOT, "fan-out of one message: %s deliveries, %s lost, p50 / p90 / p99 / max %s / %s / %s / %s ms%n",
                    fanOut.get("deliveries"), fanOut.get("lost"), latency.get("p50"), latency.get("p90"), latency.get("p99"),
                    latency.get("max"));
        }
        if (cost.containsKey("serverHeapPerConnectionBytes")) {
            out.printf(Locale.ROOT, "server per connection: live heap %.1f KiB, RSS %.1f KiB%n",
                    cost.getJsonNumber("serverHeapPerConnectionBytes").longValue() / 1024.0,
                    cost.getJsonNumber("serverRssPerConnectionBytes").longValue() / 1024.0);
        }
        out.printf(Locale.ROOT, "client heap per connection: %.1f KiB (this JVM's max heap %d MiB)%n",
                clientHeapPerConnection / 1024.0, Runtime.getRuntime().maxMemory() >> 20);
        List<String> when = List.of("before connecting", "end of ramp", "end of hold", "peak while closing");
        for (int i = 0; i < threads.size(); i++) {
            out.printf(Locale.ROOT, "server threads, %-18s %s%n", when.get(i) + ":", threads.get(i));
        }
        out.printf(Locale.ROOT, "mass close: %d connections left after %.1f s%n", close.left(), close.seconds());
    }
}

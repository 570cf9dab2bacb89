package org.websocketchat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.websocketchat.node.RedisNode;
import org.websocketchat.node.TomcatNode;

/**
 * The load benchmark: {@code ./mvnw -P bench verify} (see the README for its settings). It starts
 * the WAR in a Tomcat 11 of its own (or targets {@code url=ws://…/chat}), connects the clients,
 * runs the load and prints one JSON line of figures. Everything is bounded: the number of clients,
 * every phase's duration, every wait.
 *
 * <p>Modes: {@code load} lets {@code senders} clients of {@code clients}, all in one room, send
 * {@code rate} messages per second each for {@code seconds}, after a warm-up of the same load;
 * {@code idle} opens {@code clients} connections, {@code per-room} to a room, holds them for
 * {@code hold} seconds and reports how many stayed open and what each one costs the server.
 *
 * <p>With {@code nodes=2} it starts a Redis and two servers that share rooms through it
 * ({@code chat.relay=redis}), connects client {@code cN} to server {@code N % 2}, and reports the
 * latency of the deliveries that crossed from one server to the other apart as well. Server
 * figures are then the sums over both.
 */
public final class Benchmark {

    private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int CONNECTS_IN_FLIGHT = 100;

    private final BenchOptions options;
    /** The servers this benchmark started (none with {@code url}). */
    private final List<TomcatNode> servers;
    private final List<URI> chats;
    private final List<HttpClient> http = new ArrayList<>();
    private final Recorder latencies = new Recorder(3);
    private final Recorder crossNodeLatencies = new Recorder(3);
    private final Deliveries received = new Deliveries();

    private Benchmark(BenchOptions options, List<TomcatNode> servers, List<URI> chats) {
        this.options = options;
        this.servers = servers;
        this.chats = chats;
        for (int i = 0; i < options.httpClients(); i++) {
            // Listener calls on the selector thread itself: handing each received frame to a
            // pool cost the clients more CPU than the server spends (p99 1.8 s instead of 0.11 s
            // at 1000 clients, 100k deliveries/s, on 2 cores). The listener never blocks.
            http.add(HttpClient.newBuilder().executor(Runnable::run).build());
        }
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        if (options.url() != null) {
            System.out.println(new Benchmark(options, List.of(), List.of(options.url())).run());
            System.exit(0);
        }
        List<TomcatNode> servers = new ArrayList<>();
        try (RedisNode redis = options.nodes() > 1 ? RedisNode.start() : null) {
            try {
                for (int n = 0; n < options.nodes(); n++) {
                    TomcatNode.Options node = TomcatNode.Options
                            .fromBuild(Path.of("target/bench-node" + (n == 0 ? "" : "-" + (n + 1))), serverSettings(options, redis))
                            .withJvmOptions(jvmOptions(options, n))
                            .withMaxConnections(options.clients() + 100);
                    servers.add(TomcatNode.start(node, Duration.ofMinutes(2)));
                }
                System.out.println(new Benchmark(options, servers, servers.stream().map(TomcatNode::chat).toList()).run());
            } finally {
                for (TomcatNode server : servers) {
                    server.close();
                }
            }
        }
        System.exit(0);
    }

    /** The server's heap, and with {@code record} a JFR profile of the first server. */
    private static List<String> jvmOptions(BenchOptions options, int node) {
        List<String> jvm = new ArrayList<>(List.of(options.nodes() > 1 ? "-Xmx1g" : "-Xmx2g"));
        if (options.record() && node == 0) {
            jvm.add("-XX:StartFlightRecording=filename=" + Path.of("target/bench-server.jfr").toAbsolutePath()
                    + ",settings=profile,dumponexit=true");
        }
        return jvm;
    }

    /** Limits wide enough that the benchmark measures delivery, not the abuse defences. */
    private static Map<String, String> serverSettings(BenchOptions options, RedisNode redis) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "chat.max-connections", Integer.toString(options.clients() + 100),
                "chat.rate.per-second", Integer.toString(Math.max(10, options.rate() * 2)),
                "chat.rate.burst", Integer.toString(Math.max(20, options.rate() * 4))));
        if (redis != null) {
            settings.put("chat.relay", "redis");
            settings.put("chat.redis.uri", redis.uri().toString());
        }
        return settings;
    }

    private JsonObject run() throws Exception {
        JsonObjectBuilder result = Json.createObjectBuilder()
                .add("mode", options.mode().name().toLowerCase())
                .add("date", LocalDate.now().toString())
                .add("server", servers.isEmpty() ? chats.get(0).toString() : "Tomcat " + servers.get(0).version())
                .add("nodes", options.nodes())
                .add("clients", options.clients());
        long heapBefore = sum(TomcatNode::liveHeapBytes);
        long rssBefore = sum(TomcatNode::residentBytes);
        List<BenchClient> clients = connectAll();
        try {
            if (options.mode() == BenchOptions.Mode.LOAD) {
                load(clients, result);
            } else {
                hold(clients, result);
            }
            if (!servers.isEmpty()) {
                long connected = clients.stream().filter(BenchClient::isOpen).count();
                result.add("serverHeapPerConnectionBytes", (sum(TomcatNode::liveHeapBytes) - heapBefore) / Math.max(1, connected));
                result.add("serverRssPerConnectionBytes", (sum(TomcatNode::residentBytes) - rssBefore) / Math.max(1, connected));
            }
        } finally {
            clients.forEach(BenchClient::close);
        }
        return result.build();
    }

    private List<BenchClient> connectAll() throws Exception {
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        List<CompletableFuture<BenchClient>> connecting = new ArrayList<>(options.clients());
        for (int i = 0; i < options.clients(); i++) {
            inFlight.acquire();
            String room = options.mode() == BenchOptions.Mode.LOAD ? "bench" : "idle-" + i / options.perRoom();
            int node = i % chats.size();
            CompletableFuture<BenchClient> client = BenchClient.connect(http.get(i % http.size()), chats.get(node), "c" + i, room,
                    latencies, crossNodeLatencies, received, node, chats.size());
            client.whenComplete((c, failure) -> inFlight.release());
            connecting.add(client);
        }
        CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new))
                .get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return connecting.stream().map(CompletableFuture::join).toList();
    }

    private void load(List<BenchClient> clients, JsonObjectBuilder result) throws Exception {
        int warmUp = Math.min(5, options.seconds());
        phase(clients, warmUp);
        Phase measured = phase(clients, options.seconds());
        Histogram histogram = measured.latencies();
        result.add("senders", options.senders())
                .add("ratePerSender", options.rate())
                .add("seconds", options.seconds())
                .add("sent", measured.sent())
                .add("deliveries", measured.received())
                .add("lost", measured.expected() - measured.received())
                .add("closedClients", clients.stream().filter(c -> !c.isOpen()).count())
                .add("deliveriesPerSecond", Math.round(measured.received() / seconds(measured.elapsed())))
                .add("latencyMs", percentiles(histogram));
        if (chats.size() > 1) {
            result.add("crossNodeDeliveries", measured.crossNode().getTotalCount())
                    .add("crossNodeLatencyMs", percentiles(measured.crossNode()));
        }
        if (!servers.isEmpty()) {
            result.add("serverCpuSecondsPerMillionDeliveries",
                    round(seconds(measured.serverCpu()) / measured.received() * 1_000_000));
        }
    }

    private record Phase(long sent, long expected, long received, Duration elapsed, Duration serverCpu, Histogram latencies,
            Histogram crossNode) {
    }

    private static JsonObjectBuilder percentiles(Histogram histogram) {
        return Json.createObjectBuilder()
                .add("p50", millis(histogram.getValueAtPercentile(50)))
                .add("p90", millis(histogram.getValueAtPercentile(90)))
                .add("p99", millis(histogram.getValueAtPercentile(99)))
                .add("max", millis(histogram.getMaxValue()));
    }

    @FunctionalInterface
    private interface Measure {
        long of(TomcatNode server) throws Exception;
    }

    /** A figure summed over the servers started (0 with {@code url}). */
    private long sum(Measure measure) throws Exception {
        long total = 0;
        for (TomcatNode server : servers) {
            total += measure.of(server);
        }
        return total;
    }

    /** One burst of load: every sender sends {@code rate × seconds} messages, then all are awaited. */
    private Phase phase(List<BenchClient> clients, int seconds) throws Exception {
        latencies.reset();
        crossNodeLatencies.reset();
        LongSupplier cpu = () -> servers.stream().mapToLong(server -> server.cpuTime().toNanos()).sum();
        long cpuBefore = cpu.getAsLong();
        long perSender = (long) options.rate() * seconds;
        long sent = perSender * options.senders();
        long expected = sent * clients.stream().filter(BenchClient::isOpen).count();
        CompletableFuture<Void> allIn = received.expect(expected);
        long periodNanos = 1_000_000_000L / options.rate();
        Instant start = Instant.now();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int s = 0; s < options.senders(); s++) {
                BenchClient sender = clients.get(s);
                int id = s;
                AtomicLong seq = new AtomicLong();
                ticker.scheduleAtFixedRate(() -> {
                    long next = seq.getAndIncrement();
                    if (next < perSender) {
                        sender.send(id, next);
                    }
                }, periodNanos * s / options.senders(), periodNanos, TimeUnit.NANOSECONDS);
            }
            awaitQuietly(allIn, Duration.ofSeconds(seconds).plus(DRAIN_TIMEOUT));
        } finally {
            ticker.shutdownNow();
        }
        Duration elapsed = Duration.between(start, Instant.now());
        return new Phase(sent, expected, received.count(), elapsed, Duration.ofNanos(cpu.getAsLong() - cpuBefore),
                latencies.getIntervalHistogram(), crossNodeLatencies.getIntervalHistogram());
    }

    /** Waits until {@code stage} completes or {@code timeout} has passed; what has not arrived by then is lost. */
    private static void awaitQuietly(CompletableFuture<?> stage, Duration timeout) throws InterruptedException {
        try {
            stage.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException lost) {
            // counted by the caller
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void hold(List<BenchClient> clients, JsonObjectBuilder result) throws InterruptedException {
        awaitQuietly(CompletableFuture.allOf(clients.stream().map(BenchClient::closed).toArray(CompletableFuture[]::new)),
                Duration.ofSeconds(options.hold()));
        result.add("perRoom", options.perRoom())
                .add("holdSeconds", options.hold())
                .add("held", clients.stream().filter(BenchClient::isOpen).count());
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static double millis(long micros) {
        return round(micros / 1000.0);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}

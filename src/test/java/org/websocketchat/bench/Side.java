package org.websocketchat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import jakarta.json.JsonObjectBuilder;

import org.websocketchat.node.ServerNode;

/**
 * One chat server under load, ours (one or two nodes, or a running one) or Tomcat's example, with
 * its own clients and its own count of what they received. Sides take turns; the benchmark's
 * thread drives one side at a time.
 */
final class Side {

    private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int CONNECTS_IN_FLIGHT = 100;

    private final String name;
    private final ChatKind kind;
    /** The servers the benchmark started for this side (none with {@code url}). */
    private final List<ServerNode> servers;
    private final List<URI> chats;
    private final Deliveries deliveries = new Deliveries();
    private List<BenchClient> clients = List.of();
    /** Messages sent in all phases, warm-ups included: with {@code chat.store=jdbc}, the rows the database must hold. */
    private long sent;
    private long heapBefore;
    private long rssBefore;

    Side(String name, ChatKind kind, List<ServerNode> servers, List<URI> chats) {
        this.name = name;
        this.kind = kind;
        this.servers = servers;
        this.chats = chats;
    }

    String name() {
        return name;
    }

    List<BenchClient> clients() {
        return clients;
    }

    /** The servers the benchmark started for this side; none with {@code url}. */
    List<ServerNode> servers() {
        return servers;
    }

    /** The endpoints the clients connect to, one per server. */
    List<URI> chats() {
        return chats;
    }

    Deliveries deliveries() {
        return deliveries;
    }

    long sent() {
        return sent;
    }

    /**
     * Connects {@code options.clients()} clients, client {@code cN} to room {@code roomOf(N)} on server
     * {@code N % servers}, {@code connect-rate} a second at most: a ramp at a pace the run states, so that
     * runs on machines of different speed put the same joins a second on the server. Returns how long
     * the clients took, from the first connect to the last welcome.
     */
    Duration connect(BenchOptions options, List<HttpClient> http, IntFunction<String> roomOf) throws Exception {
        heapBefore = sum(server -> server.jvm().liveHeapBytes());
        rssBefore = sum(server -> server.jvm().residentBytes());
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        List<CompletableFuture<BenchClient>> connecting = new ArrayList<>(options.clients());
        long start = System.nanoTime();
        for (int i = 0; i < options.clients(); i++) {
            TimeUnit.NANOSECONDS.sleep(start + i * 1_000_000_000L / options.connectRate() - System.nanoTime());
            if (!inFlight.tryAcquire(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException(CONNECTS_IN_FLIGHT + " connects still unanswered after " + CONNECT_TIMEOUT
                        + ", at client " + i);
            }
            int node = i % chats.size();
            CompletableFuture<BenchClient> client = BenchClient.connect(http.get(i % http.size()), kind, chats.get(node),
                    "c" + i, roomOf.apply(i), deliveries, node, chats.size());
            client.whenComplete((c, failure) -> inFlight.release());
            connecting.add(client);
        }
        CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new))
                .get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        clients = connecting.stream().map(CompletableFuture::join).toList();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** One burst of load: every sender sends {@code rate × seconds} messages, then all are awaited. */
    Figures phase(BenchOptions options, int seconds) throws Exception {
        Duration serverCpuBefore = serverCpu();
        Duration clientCpuBefore = clientCpu();
        long perSender = (long) options.rate() * seconds;
        long sent = perSender * options.senders();
        this.sent += sent;
        long expected = sent * clients.stream().filter(BenchClient::isOpen).count();
        CompletableFuture<Void> allIn = deliveries.expect(expected);
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
        Duration serverCpuAfter = serverCpu();
        return Figures.measured(sent, expected, deliveries.count(), clients.stream().filter(c -> !c.isOpen()).count(), elapsed,
                deliveries.latencies(), chats.size() > 1 ? deliveries.crossNode() : null,
                servers.isEmpty() ? null : serverCpuAfter.minus(serverCpuBefore), clientCpu().minus(clientCpuBefore));
    }

    /** Adds the live heap and RSS each open connection costs the servers, when the benchmark started them. */
    JsonObjectBuilder costPerConnection(JsonObjectBuilder into) throws Exception {
        if (!servers.isEmpty()) {
            long connected = Math.max(1, clients.stream().filter(BenchClient::isOpen).count());
            into.add("serverHeapPerConnectionBytes", (sum(server -> server.jvm().liveHeapBytes()) - heapBefore) / connected);
            into.add("serverRssPerConnectionBytes", (sum(server -> server.jvm().residentBytes()) - rssBefore) / connected);
        }
        return into;
    }

    void close() {
        clients.forEach(BenchClient::close);
    }

    /** Waits until {@code stage} completes or {@code timeout} has passed; what has not arrived by then is lost. */
    static void awaitQuietly(CompletableFuture<?> stage, Duration timeout) throws InterruptedException {
        try {
            stage.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException lost) {
            // counted by the caller
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private Duration serverCpu() {
        return servers.stream().map(server -> server.jvm().cpuTime()).reduce(Duration.ZERO, Duration::plus);
    }

    /** All of this JVM: the clients' selector threads, the senders' ticker, and what little the driver does. */
    private static Duration clientCpu() {
        return ProcessHandle.current().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("no CPU time for the benchmark's own process"));
    }

    @FunctionalInterface
    private interface Measure {
        long of(ServerNode server) throws Exception;
    }

    /** A figure summed over this side's servers (0 with {@code url}). */
    private long sum(Measure measure) throws Exception {
        long total = 0;
        for (ServerNode server : servers) {
            total += measure.of(server);
        }
        return total;
    }
}

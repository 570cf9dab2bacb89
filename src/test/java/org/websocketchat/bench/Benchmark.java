package org.websocketchat.bench;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.websocketchat.node.ContainerNode;
import org.websocketchat.node.ExamplesWar;
import org.websocketchat.node.PostgresNode;
import org.websocketchat.node.RedisNode;
import org.websocketchat.node.ServerNode;
import org.websocketchat.node.TomcatNode;

/**
 * The load benchmark: {@code ./mvnw -P bench verify} (see the README for its settings). It starts
 * the WAR in a Tomcat 11 of its own, or with {@code container=jetty12|wildfly} in that container
 * (or targets {@code url=ws://…/chat}), connects the clients,
 * runs the load and prints one JSON line of figures. Everything is bounded: the number of clients,
 * every phase's duration, every wait.
 *
 * <p>Modes: {@code load} lets {@code senders} clients of {@code clients}, all in one room, send
 * {@code rate} messages per second each for {@code seconds}, after a warm-up of the same load, in
 * each of {@code rounds} rounds; {@code idle} opens {@code clients} connections, {@code per-room} to
 * a room, holds them for {@code hold} seconds and reports how many stayed open and what each one
 * costs the server (with {@code peer=examples}, the same for as many connections to the example, which
 * has no rooms); {@code crowd} puts all {@code clients} in one room and reports what a crowded
 * room costs and whether its members' counts are right ({@link Crowd}).
 *
 * <p>With {@code peer=examples} (the default in load mode with one node) it also starts Tomcat's
 * examples chat in a JVM of its own, in the same container as ours, gives it the same number of
 * clients and the same load, and alternates between the two within each round, so that both are
 * measured on the machine in the same state.
 *
 * <p>With {@code store=jdbc} it starts a PostgreSQL for the run ({@link PostgresNode}) and gives our
 * Tomcat its DataSource and {@code chat.store=jdbc}; its peer is then by default {@code memory}: our
 * WAR again, started alike (same Tomcat, JVM options, settings and DataSource) but for
 * {@code chat.store=memory}, alternated with it in the same way, so that the figures show what
 * storing every message before sending it costs. The database's side is reported after the rounds
 * ({@link Stored}).
 *
 * <p>With {@code nodes=2} it starts a Redis and two servers that share rooms through it
 * ({@code chat.relay=redis}), connects client {@code cN} to server {@code N % 2}, and reports the
 * latency of the deliveries that crossed from one server to the other apart as well. Server
 * figures are then the sums over both.
 */
public final class Benchmark {

    /** How long a server may take to start and deploy. */
    private static final Duration START = Duration.ofMinutes(2);

    private final BenchOptions options;
    private final String server;
    private final Side ours;
    /** Tomcat's examples chat or our WAR with {@code chat.store=memory}, or {@code null} without a peer. */
    private final Side peer;
    /** Our side's database with {@code store=jdbc}, else {@code null}. */
    private final PostgresNode database;
    private final List<HttpClient> http = new ArrayList<>();

    private Benchmark(BenchOptions options, String server, Side ours, Side peer, PostgresNode database) {
        this.options = options;
        this.server = server;
        this.ours = ours;
        this.peer = peer;
        this.database = database;
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
            Side running = new Side(Rounds.OURS, ChatKind.OURS, List.of(), List.of(options.url()));
            System.out.println(new Benchmark(options, options.url().toString(), running, null, null).run());
            System.exit(0);
        }
        List<ServerNode> servers = new ArrayList<>();
        try (RedisNode redis = options.nodes() > 1 ? RedisNode.start() : null;
                PostgresNode database = options.store() == BenchOptions.Store.JDBC ? PostgresNode.start() : null) {
            try {
                for (int n = 0; n < options.nodes(); n++) {
                    servers.add(ours(options, Path.of("target/bench-node" + (n == 0 ? "" : "-" + (n + 1))), jvmOptions(options, n),
                            options.store(), redis, database));
                }
                Side ours = new Side(Rounds.OURS, ChatKind.OURS, List.copyOf(servers),
                        servers.stream().map(server -> server.webSocket("chat")).toList());
                Side peer = switch (options.peer()) {
                    case NONE -> null;
                    case EXAMPLES -> {
                        ServerNode examples = example(options);
                        servers.add(examples);
                        yield new Side(Rounds.EXAMPLE, ChatKind.EXAMPLE, List.of(examples), List.of(examples.webSocket("websocket/chat")));
                    }
                    case MEMORY -> {
                        ServerNode memory = ours(options, Path.of("target/bench-memory"),
                                withRecording(options, List.of(heap(options)), "bench-memory.jfr"), BenchOptions.Store.MEMORY, null, database);
                        servers.add(memory);
                        yield new Side(Rounds.MEMORY, ChatKind.OURS, List.of(memory), List.of(memory.webSocket("chat")));
                    }
                };
                System.out.println(new Benchmark(options, servers.get(0).version(), ours, peer, database).run());
            } finally {
                for (ServerNode server : servers) {
                    server.close();
                }
            }
        }
        System.exit(0);
    }

    /**
     * Our WAR in the chosen container, in its own {@code base}, with the benchmark's settings and
     * {@code store}. Given a {@code database}, its Tomcat gets the DataSource whatever the store, so
     * that our side and the {@code memory} peer differ in {@code chat.store} alone.
     */
    private static ServerNode ours(BenchOptions options, Path base, List<String> jvm, BenchOptions.Store store, RedisNode redis,
            PostgresNode database) throws Exception {
        Map<String, String> settings = serverSettings(options, store, redis);
        if (options.container() == BenchOptions.Container.TOMCAT) {
            TomcatNode.Options tomcat = TomcatNode.Options.fromBuild(base, settings)
                    .withJvmOptions(jvm)
                    .withMaxConnections(options.clients() + 100)
                    .withSocketBuffer(options.socketBuffer());
            return TomcatNode.start(database == null ? tomcat : tomcat.withDataSource(database.jdbcUrl(), database.user(),
                    database.password()), START);
        }
        return ContainerNode.start(new ContainerNode.Options(kind(options), Path.of(System.getProperty("chat.war")), "websocket-chat",
                base, settings, jvm), START);
    }

    /**
     * Tomcat's examples chat: in Tomcat the distribution's own examples webapp; elsewhere the same
     * endpoint in a WAR of its own ({@link ExamplesWar}). The same heap as ours, and none of our settings.
     */
    private static ServerNode example(BenchOptions options) throws Exception {
        Path base = Path.of("target/bench-examples");
        if (options.container() == BenchOptions.Container.TOMCAT) {
            return TomcatNode.start(TomcatNode.Options.examplesFromBuild(base)
                    .withJvmOptions(withRecording(options, List.of(heap(options)), "bench-example.jfr"))
                    .withMaxConnections(options.clients() + 100)
                    .withSocketBuffer(options.socketBuffer()), START);
        }
        Path war = ExamplesWar.assemble(Path.of(System.getProperty(TomcatNode.HOME_PROPERTY)), Path.of("target/bench-examples.war"));
        return ContainerNode.start(new ContainerNode.Options(kind(options), war, "examples", base, Map.of(), List.of(heap(options))),
                START);
    }

    private static ContainerNode.Kind kind(BenchOptions options) {
        return options.container() == BenchOptions.Container.JETTY12 ? ContainerNode.Kind.JETTY12 : ContainerNode.Kind.WILDFLY;
    }

    private static String heap(BenchOptions options) {
        return options.nodes() > 1 ? "-Xmx1g" : "-Xmx2g";
    }

    /** The server's heap, and with {@code record} a JFR profile of the first server. */
    private static List<String> jvmOptions(BenchOptions options, int node) {
        List<String> heap = List.of(heap(options));
        return node == 0 ? withRecording(options, heap, "bench-server.jfr") : heap;
    }

    /** {@code jvm}, and with {@code record} a JFR profile into {@code target/file}. */
    private static List<String> withRecording(BenchOptions options, List<String> jvm, String file) {
        if (!options.record()) {
            return jvm;
        }
        List<String> recording = new ArrayList<>(jvm);
        recording.add("-XX:StartFlightRecording=filename=" + Path.of("target", file).toAbsolutePath() + ",settings=profile,dumponexit=true");
        return recording;
    }

    /** Limits wide enough that the benchmark measures delivery, not the abuse defences; the store named. */
    private static Map<String, String> serverSettings(BenchOptions options, BenchOptions.Store store, RedisNode redis) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "chat.max-connections", Integer.toString(options.clients() + 100),
                "chat.rate.per-second", Integer.toString(Math.max(10, options.rate() * 2)),
                "chat.rate.burst", Integer.toString(Math.max(20, options.rate() * 4)),
                "chat.store", store.name().toLowerCase(Locale.ROOT)));
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
                .add("server", server)
                .add("nodes", options.nodes())
                .add("clients", options.clients())
                .add("store", options.store().name().toLowerCase(Locale.ROOT));
        if (options.socketBuffer() > 0) {
            result.add("socketBufferBytes", options.socketBuffer());
        }
        try {
            switch (options.mode()) {
                case LOAD -> {
                    // Both sides' clients connect once and stay connected for the whole run rather
                    // than anew each round: reconnecting would put a join and a leave notice to every
                    // member (N² frames) on the cores just before or after the other side's measured
                    // phase; an idle connection costs its server nothing measurable meanwhile (the
                    // example sends nothing, ours a ping a heartbeat interval); and a client a server
                    // closed stays closed, and counted, as it would for a user. Each phase still
                    // starts with its own warm-up.
                    ours.connect(options, http, i -> "bench");
                    if (peer != null) {
                        peer.connect(options, http, i -> "bench");
                    }
                    load(result);
                }
                case IDLE -> {
                    ours.connect(options, http, i -> "idle-" + i / options.perRoom());
                    if (peer != null) {
                        peer.connect(options, http, i -> "idle");
                    }
                    hold(result);
                    ours.costPerConnection(result);
                    if (!ours.servers().isEmpty()) {
                        result.add("metricsScrape", ScrapeCost.measure(ours));
                    }
                    if (peer != null) {
                        result.add(peer.name(), peer.costPerConnection(Json.createObjectBuilder()
                                .add("held", peer.clients().stream().filter(BenchClient::isOpen).count())));
                    }
                }
                case CROWD -> new Crowd(options, ours, http).run(result);
            }
        } finally {
            ours.close();
            if (peer != null) {
                peer.close();
            }
        }
        return result.build();
    }

    private void load(JsonObjectBuilder result) throws Exception {
        int warmUp = Math.min(5, options.seconds());
        Rounds rounds = new Rounds(peer == null ? null : peer.name());
        for (int round = 1; round <= options.rounds(); round++) {
            // Every other round the peer goes first, so that neither side always follows the
            // other's load (runs straight after runs did worse on these shared cores).
            List<Side> order = peer == null ? List.of(ours) : round % 2 == 1 ? List.of(ours, peer) : List.of(peer, ours);
            Map<Side, Figures> measured = new HashMap<>();
            for (Side side : order) {
                side.phase(options, warmUp);
                measured.put(side, side.phase(options, options.seconds()));
            }
            rounds.add(new Rounds.Round(round, order.stream().map(Side::name).toList(), measured.get(ours),
                    measured.get(peer)));
        }
        result.add("senders", options.senders())
                .add("ratePerSender", options.rate())
                .add("seconds", options.seconds())
                .add("rounds", options.rounds())
                .add("peer", options.peer().name().toLowerCase());
        Figures oursMedian = rounds.ours();
        result.add(Rounds.OURS, ours.costPerConnection(oursMedian.json()));
        if (peer != null) {
            Figures peerMedian = rounds.peer();
            result.add(peer.name(), peer.costPerConnection(peerMedian.json()))
                    .add(Rounds.over(peer.name()), Rounds.ratios(oursMedian, peerMedian));
        }
        result.add("perRound", rounds.json());
        rounds.print(System.err);
        if (database != null) {
            JsonObject stored = Stored.measure(database, ours);
            result.add("database", stored);
            System.err.println("database: " + stored);
        }
    }

    private void hold(JsonObjectBuilder result) throws InterruptedException {
        List<BenchClient> clients = ours.clients();
        Side.awaitQuietly(CompletableFuture.allOf(clients.stream().map(BenchClient::closed).toArray(CompletableFuture[]::new)),
                Duration.ofSeconds(options.hold()));
        result.add("perRoom", options.perRoom())
                .add("holdSeconds", options.hold())
                .add("held", clients.stream().filter(BenchClient::isOpen).count());
    }
}

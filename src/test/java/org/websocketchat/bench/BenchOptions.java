package org.websocketchat.bench;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's settings, from {@code key=value} arguments. Each is bounded, so no run can
 * open more connections or last longer than these limits allow.
 *
 * @param mode        {@code load}, {@code idle} or {@code crowd}
 * @param clients     connections to open, at most 20,000 (default 200; 10,000 in crowd mode)
 * @param senders     in load mode, how many of the clients send
 * @param rate        messages per second per sender
 * @param seconds     how long the measured load lasts (after a warm-up of up to 5 s), at most 600
 * @param perRoom     in idle mode, clients per room (rooms keep join notices from becoming N²)
 * @param hold        in idle and crowd mode, seconds to hold the connections open (default 40; 60 in crowd
 *                    mode), at most 600
 * @param connectRate connections opened per second, at most 5,000; the whole ramp at most 600 s
 * @param httpClients JDK HttpClients the connections are spread over (each has one selector thread; default 1,
 *                    8 in crowd mode)
 * @param url         a running server's {@code ws://…/chat}, or {@code null} to start one
 * @param nodes       servers to start: 1, or 2 sharing rooms through a Redis the benchmark starts too,
 *                    with the clients spread over both
 * @param record      whether a started server records a JFR profile into {@code target/bench-server.jfr}
 * @param peer        with one node of ours started: {@code examples} also starts Tomcat's examples chat and,
 *                    in load mode (where it is the default), loads it in turn with ours, or in idle mode
 *                    holds as many idle connections to it; {@code memory}, with {@code store=jdbc} in load
 *                    mode (where it is then the default), starts our WAR again with {@code chat.store=memory}
 *                    and loads it in turn with ours; {@code none} starts no peer
 * @param rounds      in load mode, how many times each side gets its warm-up and measured load; rounds ×
 *                    seconds at most 600
 * @param container   the container the benchmark starts: {@code tomcat} (the default), {@code jetty12} or
 *                    {@code wildfly}; the others with one node, and with Tomcat's examples chat run in that
 *                    same container as the peer
 * @param socketBuffer for {@code container=tomcat}: the connector's socket read and write buffers per
 *                    connection in bytes, on both sides (0, the default, keeps Tomcat's 8192); see
 *                    docs/benchmark.md for what an idle connection costs with each
 * @param store       our side's {@code chat.store}: {@code memory} (the default) or {@code jdbc}, which
 *                    starts a PostgreSQL for the run and gives the one Tomcat of ours its DataSource
 */
record BenchOptions(Mode mode, int clients, int senders, int rate, int seconds, int perRoom, int hold, int connectRate,
        int httpClients, URI url, int nodes, boolean record, Peer peer, int rounds, Container container,
        int socketBuffer, Store store) {

    enum Mode {
        LOAD, IDLE, CROWD
    }

    enum Peer {
        NONE, EXAMPLES, MEMORY
    }

    enum Container {
        TOMCAT, JETTY12, WILDFLY
    }

    enum Store {
        MEMORY, JDBC
    }

    /** The longest a side is measured in one run, over all rounds. */
    private static final int MEASURED_SECONDS = 600;
    /** The longest the clients may take to connect at {@code connect-rate}. */
    private static final int RAMP_SECONDS = 600;

    private static final Set<String> KEYS = Set.of("mode", "clients", "senders", "rate", "seconds", "per-room", "hold",
            "connect-rate", "http-clients", "url", "nodes", "record", "peer", "rounds", "container", "socket-buffer", "store");

    static BenchOptions parse(String... args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String key = equals < 0 ? arg : arg.substring(0, equals);
            if (equals < 0 || !KEYS.contains(key)) {
                throw new IllegalArgumentException("expected key=value with a key of " + KEYS + ", got '" + arg + "'");
            }
            String value = arg.substring(equals + 1).strip();
            if (!value.isEmpty()) {
                given.put(key, value);
            }
        }
        Mode mode = Mode.valueOf(given.getOrDefault("mode", "load").toUpperCase(Locale.ROOT));
        boolean crowd = mode == Mode.CROWD;
        int clients = bounded(given, "clients", crowd ? 10_000 : 200, 1, 20_000);
        int connectRate = bounded(given, "connect-rate", 1_000, 1, 5_000);
        if (clients > (long) connectRate * RAMP_SECONDS) {
            throw new IllegalArgumentException("clients / connect-rate must be at most " + RAMP_SECONDS + " s, got " + clients
                    + " / " + connectRate + ": give a higher connect-rate or fewer clients");
        }
        int seconds = bounded(given, "seconds", 30, 1, MEASURED_SECONDS);
        URI url = given.containsKey("url") ? URI.create(given.get("url")) : null;
        int nodes = bounded(given, "nodes", 1, 1, 2);
        if (url != null && nodes > 1) {
            throw new IllegalArgumentException("nodes=2 starts its own servers: it cannot be combined with url");
        }
        Container container = Container.valueOf(given.getOrDefault("container", "tomcat").toUpperCase(Locale.ROOT));
        if (container != Container.TOMCAT && (nodes > 1 || url != null)) {
            throw new IllegalArgumentException("container=" + given.get("container") + " starts one server of its own: it"
                    + " cannot be combined with nodes=2 or url");
        }
        int socketBuffer = bounded(given, "socket-buffer", 0, 0, 65_536);
        if (socketBuffer > 0 && (container != Container.TOMCAT || url != null)) {
            throw new IllegalArgumentException("socket-buffer sets the connector of the Tomcat the benchmark starts: it"
                    + " cannot be combined with another container or url");
        }
        if (socketBuffer > 0 && socketBuffer < 256) {
            throw new IllegalArgumentException("socket-buffer must be 0 (Tomcat's default) or from 256 bytes, got " + socketBuffer);
        }
        Store store = Store.valueOf(given.getOrDefault("store", "memory").toUpperCase(Locale.ROOT));
        if (store == Store.JDBC && (container != Container.TOMCAT || nodes > 1 || url != null)) {
            throw new IllegalArgumentException("store=jdbc gives the one Tomcat the benchmark starts a PostgreSQL of its own: it"
                    + " cannot be combined with another container, nodes=2 or url");
        }
        boolean peerFits = mode != Mode.CROWD && nodes == 1 && url == null;
        Peer peer = given.containsKey("peer") ? Peer.valueOf(given.get("peer").toUpperCase(Locale.ROOT))
                : !peerFits || mode != Mode.LOAD ? Peer.NONE : store == Store.JDBC ? Peer.MEMORY : Peer.EXAMPLES;
        if (peer != Peer.NONE && !peerFits) {
            throw new IllegalArgumentException("peer=" + given.get("peer") + " runs beside one node of ours that the benchmark"
                    + " starts, in load or idle mode: it cannot be combined with mode=crowd, nodes=2 or url (leave peer out or give peer=none)");
        }
        if (peer == Peer.MEMORY && (store != Store.JDBC || mode != Mode.LOAD)) {
            throw new IllegalArgumentException("peer=memory is our WAR with chat.store=memory beside ours with store=jdbc, in"
                    + " load mode: give store=jdbc and mode=load, or another peer");
        }
        if (mode != Mode.LOAD && given.containsKey("rounds")) {
            throw new IllegalArgumentException("rounds applies to load mode only; idle and crowd mode hold the connections once");
        }
        int rounds = bounded(given, "rounds", 3, 1, 10);
        if (mode == Mode.LOAD && rounds * seconds > MEASURED_SECONDS) {
            throw new IllegalArgumentException("rounds × seconds must be at most " + MEASURED_SECONDS + ", got " + rounds
                    + " × " + seconds + ": give fewer rounds or seconds");
        }
        return new BenchOptions(mode, clients,
                bounded(given, "senders", 10, 1, clients),
                bounded(given, "rate", 20, 1, 1_000),
                seconds,
                bounded(given, "per-room", 10, 1, clients),
                bounded(given, "hold", crowd ? 60 : 40, 0, 600),
                connectRate,
                // One selector thread carries all of a client's connections: 10,000 members each
                // reading every presence update are spread over eight.
                bounded(given, "http-clients", crowd ? 8 : 1, 1, 64),
                url, nodes,
                Boolean.parseBoolean(given.getOrDefault("record", "false")),
                peer, rounds, container, socketBuffer, store);
    }

    private static int bounded(Map<String, String> given, String key, int fallback, int min, int max) {
        int value = given.containsKey(key) ? Integer.parseInt(given.get(key)) : fallback;
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be from " + min + " to " + max + ", got " + value);
        }
        return value;
    }
}

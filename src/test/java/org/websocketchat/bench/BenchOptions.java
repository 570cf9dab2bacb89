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
 * @param mode        {@code load} or {@code idle}
 * @param clients     connections to open, at most 20,000
 * @param senders     in load mode, how many of the clients send
 * @param rate        messages per second per sender
 * @param seconds     how long the measured load lasts (after a warm-up of up to 5 s), at most 600
 * @param perRoom     in idle mode, clients per room (rooms keep join notices from becoming N²)
 * @param hold        in idle mode, seconds to hold the connections open, at most 600
 * @param httpClients JDK HttpClients the connections are spread over (each has one selector thread)
 * @param url         a running server's {@code ws://…/chat}, or {@code null} to start one
 * @param nodes       servers to start: 1, or 2 sharing rooms through a Redis the benchmark starts too,
 *                    with the clients spread over both
 * @param record      whether a started server records a JFR profile into {@code target/bench-server.jfr}
 */
record BenchOptions(Mode mode, int clients, int senders, int rate, int seconds, int perRoom, int hold, int httpClients,
        URI url, int nodes, boolean record) {

    enum Mode {
        LOAD, IDLE
    }

    private static final Set<String> KEYS = Set.of("mode", "clients", "senders", "rate", "seconds", "per-room", "hold",
            "http-clients", "url", "nodes", "record");

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
        int clients = bounded(given, "clients", 200, 1, 20_000);
        BenchOptions options = new BenchOptions(mode, clients,
                bounded(given, "senders", 10, 1, clients),
                bounded(given, "rate", 20, 1, 1_000),
                bounded(given, "seconds", 30, 1, 600),
                bounded(given, "per-room", 10, 1, clients),
                bounded(given, "hold", 40, 0, 600),
                bounded(given, "http-clients", 1, 1, 64),
                given.containsKey("url") ? URI.create(given.get("url")) : null,
                bounded(given, "nodes", 1, 1, 2),
                Boolean.parseBoolean(given.getOrDefault("record", "false")));
        if (options.url() != null && options.nodes() > 1) {
            throw new IllegalArgumentException("nodes=2 starts its own servers: it cannot be combined with url");
        }
        return options;
    }

    private static int bounded(Map<String, String> given, String key, int fallback, int min, int max) {
        int value = given.containsKey(key) ? Integer.parseInt(given.get(key)) : fallback;
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be from " + min + " to " + max + ", got " + value);
        }
        return value;
    }
}

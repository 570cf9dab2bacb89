package org.websocketchat.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/**
 * Every round's figures for our chat and, with a peer, the peer's (Tomcat's example, or our WAR with
 * {@code chat.store=memory} beside ours with {@code jdbc}); the medians over the rounds, and the
 * ratios ours / peer of the figures the comparison is about.
 */
final class Rounds {

    /** The sides' names, in the JSON and the table. */
    static final String OURS = "ours";
    static final String EXAMPLE = "example";
    static final String MEMORY = "memory";

    /**
     * One round.
     *
     * @param order the sides in the order they ran
     * @param peer  {@code null} without a peer
     */
    record Round(int number, List<String> order, Figures ours, Figures peer) {
    }

    /** The peer's side name, or {@code null} without a peer. */
    private final String peer;
    private final List<Round> all = new ArrayList<>();

    Rounds(String peer) {
        this.peer = peer;
    }

    void add(Round round) {
        all.add(round);
    }

    Figures ours() {
        return Figures.median(all.stream().map(Round::ours).toList());
    }

    /** The peer's medians, or {@code null} without a peer. */
    Figures peer() {
        return peer == null ? null : Figures.median(all.stream().map(Round::peer).toList());
    }

    /** The JSON key of the ratios ours / {@code peer}: {@code oursOverExample}, {@code oursOverMemory}. */
    static String over(String peer) {
        return "oursOver" + Character.toUpperCase(peer.charAt(0)) + peer.substring(1);
    }

    /** The rounds one by one. */
    JsonArrayBuilder json() {
        JsonArrayBuilder rounds = Json.createArrayBuilder();
        for (Round round : all) {
            JsonObjectBuilder json = Json.createObjectBuilder()
                    .add("round", round.number())
                    .add("order", Json.createArrayBuilder(round.order()))
                    .add(OURS, round.ours().json());
            if (peer != null) {
                json.add(peer, round.peer().json()).add(over(peer), ratios(round.ours(), round.peer()));
            }
            rounds.add(json);
        }
        return rounds;
    }

    /** Ours divided by the peer's: below 1 means ours is faster (p99) or spends less (CPU per delivery). */
    static JsonObjectBuilder ratios(Figures ours, Figures peer) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        Figures.put(json, "p99", ours.latencyMs().p99() / peer.latencyMs().p99());
        Figures.put(json, "serverCpuPerDelivery",
                ours.serverCpuSecondsPerMillionDeliveries() / peer.serverCpuSecondsPerMillionDeliveries());
        return json;
    }

    /** The same figures as a table for a reader, one line per side and round, then the medians. */
    void print(PrintStream out) {
        out.println("round   side     deliveries/s   lost closed    p50 ms    p90 ms    p99 ms    max ms"
                + "  server CPU-s/1e6  client CPU-s/1e6");
        for (Round round : all) {
            for (String side : round.order()) {
                line(out, Integer.toString(round.number()), side, side.equals(OURS) ? round.ours() : round.peer());
            }
        }
        Figures ours = ours();
        line(out, "median", OURS, ours);
        if (peer != null) {
            Figures median = peer();
            line(out, "median", peer, median);
            out.printf(Locale.ROOT, "ours / %s: p99 %.2f, server CPU per delivery %.2f%n", peer,
                    ours.latencyMs().p99() / median.latencyMs().p99(),
                    ours.serverCpuSecondsPerMillionDeliveries() / median.serverCpuSecondsPerMillionDeliveries());
        }
    }

    private static void line(PrintStream out, String round, String side, Figures figures) {
        Function<Double, String> cpu = value -> Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f", value) : "-";
        out.printf(Locale.ROOT, "%-7s %-8s %12.0f %6.0f %6.0f %9.2f %9.2f %9.2f %9.2f %18s %17s%n", round, side,
                figures.deliveriesPerSecond(), figures.lost(), figures.closedClients(), figures.latencyMs().p50(),
                figures.latencyMs().p90(), figures.latencyMs().p99(), figures.latencyMs().max(),
                cpu.apply(figures.serverCpuSecondsPerMillionDeliveries()),
                cpu.apply(figures.clientCpuSecondsPerMillionDeliveries()));
    }
}

package org.websocketchat.bench;

import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import org.HdrHistogram.Histogram;

/**
 * What one side's measured phase gave, or the median of several such phases figure by figure. A
 * figure the run cannot measure (the CPU of a server it did not start, cross-node latency with one
 * node) is NaN or {@code null}, and left out of the JSON.
 *
 * @param clientCpuSeconds the CPU the benchmark's own JVM (clients and senders) used in the phase,
 *                         so that a reader sees how the machine's CPU was split
 */
record Figures(double sent, double deliveries, double lost, double closedClients, double deliveriesPerSecond,
        Latency latencyMs, double crossNodeDeliveries, Latency crossNodeLatencyMs, double serverCpuSecondsPerMillionDeliveries,
        double clientCpuSeconds, double clientCpuSecondsPerMillionDeliveries) {

    /** Percentiles of a phase's latencies, in milliseconds. */
    record Latency(double p50, double p90, double p99, double max) {

        static Latency of(Histogram micros) {
            return new Latency(micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(90) / 1000.0,
                    micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0);
        }

        /** The median of each percentile; {@code null} if any is. */
        static Latency median(List<Latency> all) {
            if (all.contains(null)) {
                return null;
            }
            return new Latency(Figures.median(all, Latency::p50), Figures.median(all, Latency::p90),
                    Figures.median(all, Latency::p99), Figures.median(all, Latency::max));
        }

        JsonObjectBuilder json() {
            JsonObjectBuilder json = Json.createObjectBuilder();
            put(json, "p50", p50);
            put(json, "p90", p90);
            put(json, "p99", p99);
            put(json, "max", max);
            return json;
        }
    }

    /**
     * One measured phase. {@code crossNode} is {@code null} with one node, {@code serverCpu} with no
     * server started.
     */
    static Figures measured(long sent, long expected, long received, long closedClients, Duration elapsed, Histogram latencies,
            Histogram crossNode, Duration serverCpu, Duration clientCpu) {
        // Nothing received leaves the per-delivery figures unmeasured rather than infinite.
        double millions = received == 0 ? Double.NaN : received / 1e6;
        return new Figures(sent, received, expected - received, closedClients, Math.round(received / seconds(elapsed)),
                Latency.of(latencies),
                crossNode == null ? Double.NaN : crossNode.getTotalCount(),
                crossNode == null ? null : Latency.of(crossNode),
                serverCpu == null ? Double.NaN : seconds(serverCpu) / millions,
                seconds(clientCpu), seconds(clientCpu) / millions);
    }

    /** Each figure's median over {@code phases}, so a median p99 is one phase's p99, not that of all deliveries together. */
    static Figures median(List<Figures> phases) {
        return new Figures(median(phases, Figures::sent), median(phases, Figures::deliveries), median(phases, Figures::lost),
                median(phases, Figures::closedClients), median(phases, Figures::deliveriesPerSecond),
                Latency.median(phases.stream().map(Figures::latencyMs).toList()),
                median(phases, Figures::crossNodeDeliveries),
                Latency.median(phases.stream().map(Figures::crossNodeLatencyMs).toList()),
                median(phases, Figures::serverCpuSecondsPerMillionDeliveries), median(phases, Figures::clientCpuSeconds),
                median(phases, Figures::clientCpuSecondsPerMillionDeliveries));
    }

    JsonObjectBuilder json() {
        JsonObjectBuilder json = Json.createObjectBuilder();
        put(json, "sent", sent);
        put(json, "deliveries", deliveries);
        put(json, "lost", lost);
        put(json, "closedClients", closedClients);
        put(json, "deliveriesPerSecond", deliveriesPerSecond);
        json.add("latencyMs", latencyMs.json());
        if (crossNodeLatencyMs != null) {
            put(json, "crossNodeDeliveries", crossNodeDeliveries);
            json.add("crossNodeLatencyMs", crossNodeLatencyMs.json());
        }
        put(json, "serverCpuSecondsPerMillionDeliveries", serverCpuSecondsPerMillionDeliveries);
        put(json, "clientCpuSeconds", clientCpuSeconds);
        put(json, "clientCpuSecondsPerMillionDeliveries", clientCpuSecondsPerMillionDeliveries);
        return json;
    }

    static <T> double median(List<T> items, ToDoubleFunction<T> figure) {
        double[] values = items.stream().mapToDouble(figure).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /** A figure to three decimals, whole numbers without a fraction; one not measured (not finite) left out. */
    static void put(JsonObjectBuilder json, String key, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        double rounded = Math.round(value * 1000) / 1000.0;
        if (rounded == Math.rint(rounded)) {
            json.add(key, (long) rounded);
        } else {
            json.add(key, rounded);
        }
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}

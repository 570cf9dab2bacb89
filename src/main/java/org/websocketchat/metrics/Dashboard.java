package org.websocketchat.metrics;

import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;

import org.websocketchat.entity.Moderation;

/**
 * What the moderators' dashboard ({@code /admin/}) shows, as JSON: a sample of the chat's rates
 * every {@link #EVERY} for the last {@link #KEPT}, the busiest rooms here, and the moderation
 * requests of the last hour. Unlike the metrics, it names rooms and members: only moderators may
 * read it ({@code AdminServlet}). Thread-safe; {@link #sample} is called on one thread, every {@link #EVERY}.
 */
final class Dashboard {

    static final Duration EVERY = Duration.ofSeconds(5);
    static final Duration KEPT = Duration.ofMinutes(15);
    private static final Duration MODERATION_KEPT = Duration.ofHours(1);
    private static final int MODERATION_MAX = 500;
    private static final int BUSIEST = 10;
    /** Fan-out times by power of two of microseconds: bucket i holds [2^(i-1), 2^i) µs, the last everything longer. */
    private static final int FANOUT_BUCKETS = 25;

    /** One sample: the counts' change over {@link #EVERY}, as rates. */
    record Sample(Instant at, int connections, double messagesPerSecond, double deliveriesPerSecond, Double fanoutP99Ms,
            long evictions) {
    }

    /** A moderation request as the log keeps it: {@code target} is a name, or a message's id for a delete. */
    record Action(Instant at, String room, String action, String target, String by, long seconds, String reason) {
    }

    private final Clock clock;
    private final IntSupplier connections;
    private final DoubleSupplier received;
    private final DoubleSupplier deliveries;
    private final DoubleSupplier evictions;
    private final Supplier<Map<String, Integer>> rooms;
    private final AtomicLongArray fanouts = new AtomicLongArray(FANOUT_BUCKETS);
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Deque<Action> moderation = new ArrayDeque<>();
    private double lastReceived;
    private double lastDeliveries;
    private double lastEvictions;

    /** The suppliers give the totals since start; each sample takes their change. */
    Dashboard(Clock clock, IntSupplier connections, DoubleSupplier received, DoubleSupplier deliveries, DoubleSupplier evictions,
            Supplier<Map<String, Integer>> rooms) {
        this.clock = clock;
        this.connections = connections;
        this.received = received;
        this.deliveries = deliveries;
        this.evictions = evictions;
        this.rooms = rooms;
        this.lastReceived = received.getAsDouble();
        this.lastDeliveries = deliveries.getAsDouble();
        this.lastEvictions = evictions.getAsDouble();
    }

    /** A fan-out took {@code nanos}: counted for the next sample's p99. */
    void fannedOut(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        int bucket = Math.min(FANOUT_BUCKETS - 1, 64 - Long.numberOfLeadingZeros(micros));
        fanouts.incrementAndGet(bucket);
    }

    void moderated(String room, String by, Moderation.Request request) {
        Action action = new Action(clock.instant(), room, request.action().wireName(), request.target(), by,
                request.action().timed() ? request.duration().toSeconds() : 0, request.reason());
        synchronized (moderation) {
            moderation.addFirst(action);
            prune(action.at());
        }
    }

    /** Takes the sample of the interval that ends now. */
    void sample() {
        double nowReceived = received.getAsDouble();
        double nowDeliveries = deliveries.getAsDouble();
        double nowEvictions = evictions.getAsDouble();
        double seconds = EVERY.toMillis() / 1000.0;
        Sample sample = new Sample(clock.instant(), connections.getAsInt(), (nowReceived - lastReceived) / seconds,
                (nowDeliveries - lastDeliveries) / seconds, fanoutP99Ms(), Math.round(nowEvictions - lastEvictions));
        lastReceived = nowReceived;
        lastDeliveries = nowDeliveries;
        lastEvictions = nowEvictions;
        synchronized (samples) {
            samples.addLast(sample);
            while (samples.size() > KEPT.dividedBy(EVERY)) {
                samples.removeFirst();
            }
        }
    }

    /** The upper bound of the bucket holding the 99th percentile of this interval's fan-outs; null if there were none. */
    private Double fanoutP99Ms() {
        long[] counts = new long[FANOUT_BUCKETS];
        long total = 0;
        for (int i = 0; i < FANOUT_BUCKETS; i++) {
            counts[i] = fanouts.getAndSet(i, 0);
            total += counts[i];
        }
        if (total == 0) {
            return null;
        }
        long seen = 0;
        for (int i = 0; i < FANOUT_BUCKETS; i++) {
            seen += counts[i];
            if (seen * 100 >= total * 99) {
                return (1L << i) / 1000.0;
            }
        }
        throw new IllegalStateException("unreachable: the buckets hold every fan-out counted");
    }

    String json() {
        StringWriter out = new StringWriter();
        Instant now = clock.instant();
        List<Sample> taken;
        synchronized (samples) {
            taken = List.copyOf(samples);
        }
        List<Action> actions;
        synchronized (moderation) {
            prune(now);
            actions = List.copyOf(moderation);
        }
        try (JsonGenerator g = Json.createGenerator(out)) {
            g.writeStartObject().write("at", now.toString()).writeStartArray("samples");
            for (Sample s : taken) {
                g.writeStartObject().write("at", s.at().toString()).write("connections", s.connections())
                        .write("messagesPerSecond", s.messagesPerSecond()).write("deliveriesPerSecond", s.deliveriesPerSecond());
                if (s.fanoutP99Ms() == null) {
                    g.writeNull("fanoutP99Ms");
                } else {
                    g.write("fanoutP99Ms", s.fanoutP99Ms());
                }
                g.write("evictions", s.evictions()).writeEnd();
            }
            g.writeEnd().writeStartArray("rooms");
            rooms.get().entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                    .limit(BUSIEST)
                    .forEach(room -> g.writeStartObject().write("room", room.getKey()).write("members", room.getValue()).writeEnd());
            g.writeEnd().writeStartArray("moderation");
            for (Action a : actions) {
                g.writeStartObject().write("at", a.at().toString()).write("room", a.room()).write("action", a.action())
                        .write("name", a.target()).write("by", a.by());
                if (a.seconds() > 0) {
                    g.write("seconds", a.seconds());
                }
                if (!a.reason().isEmpty()) {
                    g.write("reason", a.reason());
                }
                g.writeEnd();
            }
            g.writeEnd().writeEnd();
        }
        return out.toString();
    }

    /** Drops what is older than an hour, and the oldest beyond the most kept. Holds the log's lock. */
    private void prune(Instant now) {
        Instant oldest = now.minus(MODERATION_KEPT);
        while (!moderation.isEmpty() && (moderation.size() > MODERATION_MAX || moderation.peekLast().at().isBefore(oldest))) {
            moderation.removeLast();
        }
    }
}

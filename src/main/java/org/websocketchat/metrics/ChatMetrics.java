package org.websocketchat.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.websocketchat.control.Lobby;
import org.websocketchat.control.Telemetry;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.ErrorCode;
import org.websocketchat.entity.Moderation;

/**
 * The chat's figures, in the Prometheus text format through Micrometer (docs/metrics.md): what
 * the core reports ({@link Telemetry}), what the lobby counts when scraped, and the JVM's own.
 * Labels are close codes and error codes only, never a member's or a room's name, so the number of
 * series stays fixed however many rooms there are: room sizes are one histogram of gauges.
 */
public final class ChatMetrics implements Telemetry, AutoCloseable {

    /** How often {@link #sample} is due. */
    public static final Duration SAMPLE_EVERY = Dashboard.EVERY;
    /** Room sizes are counted into these buckets: rooms here with at most this many members. */
    static final List<Integer> ROOM_SIZE_BUCKETS = List.of(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000);
    /**
     * The latency histograms' buckets, 10 µs to 10 s in 1-2.5-5 steps: Micrometer's own percentile
     * histogram has about 70 buckets per timer over that range, which made a scrape several times
     * larger and slower for no use an operator would make of it.
     */
    private static final Duration[] LATENCY_BUCKETS = Stream.of(10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000,
            50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000).map(Duration::ofNanos)
            .map(micros -> micros.multipliedBy(1_000)).toArray(Duration[]::new);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Set once by {@link #watch}; scrapes before then count no rooms. */
    private volatile Lobby lobby;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Counter received;
    private final Counter deliveries;
    private final Counter evictions;
    private final Counter heartbeatTimeouts;
    private final Counter relayErrors;
    private final Counter storeErrors;
    private final Timer fanout;
    private final Timer outboxWait;
    private final Timer relayCalls;
    private final Timer storeWrites;
    private final Map<ErrorCode, Counter> refusals = new EnumMap<>(ErrorCode.class);
    private final ConcurrentMap<Integer, Counter> closes = new ConcurrentHashMap<>();
    /** The room sizes of the scrape under way: taken once per scrape, read by every bucket's gauge. */
    private volatile Collection<Integer> roomSizes = List.of();
    private final Dashboard dashboard;

    public ChatMetrics() {
        received = Counter.builder("chat.messages.received").description("Messages and direct messages accepted from clients")
                .register(registry);
        deliveries = Counter.builder("chat.deliveries").description("Room messages handed to members' outboxes").register(registry);
        evictions = Counter.builder("chat.slow.consumer.evictions")
                .description("Connections closed 1008 for falling behind: outbox overflow or pings unanswered").register(registry);
        heartbeatTimeouts = Counter.builder("chat.heartbeat.timeouts").description("Connections ended 1001 for silence")
                .register(registry);
        relayErrors = Counter.builder("chat.relay.errors").description("Calls to Redis that failed").register(registry);
        storeErrors = Counter.builder("chat.store.errors").description("Writes to the database (chat.store=jdbc) that failed")
                .register(registry);
        dashboard = new Dashboard(Clock.systemUTC(), () -> lobby == null ? 0 : lobby.openConnections(), received::count,
                deliveries::count, evictions::count, () -> lobby == null ? Map.of() : lobby.roomSizes());
        fanout = latency("chat.fanout", "From a room having a message to its hand-over to every member's outbox here");
        outboxWait = latency("chat.outbox.wait", "A text frame's time in its outbox before the socket write started (one frame in "
                + WAIT_SAMPLE_EVERY + " per connection)");
        relayCalls = latency("chat.relay.round.trip", "Calls to Redis, from sending to the answer");
        storeWrites = latency("chat.store.writes", "Writes to the database (chat.store=jdbc), until committed: a batch of a room's messages, or a direct message");
        for (ErrorCode code : ErrorCode.values()) {
            refusals.put(code, Counter.builder("chat.refusals").tag("reason", code.wireName())
                    .description("Requests answered with an error, by its code").register(registry));
        }
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        // Not Micrometer's JvmThreadMetrics: its count of threads by state takes every thread's
        // ThreadInfo six times a scrape, most of a scrape's cost with a container's hundreds of threads.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Gauge.builder("jvm.threads.live", threads, ThreadMXBean::getThreadCount).description("Live threads").register(registry);
        Gauge.builder("jvm.threads.daemon", threads, ThreadMXBean::getDaemonThreadCount).description("Live daemon threads")
                .register(registry);
        Gauge.builder("jvm.threads.peak", threads, ThreadMXBean::getPeakThreadCount).description("Most live threads at once")
                .register(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Adds the figures counted in {@code lobby} when scraped: connections, rooms, room sizes, queued bytes. */
    public void watch(Lobby lobby) {
        this.lobby = lobby;
        Gauge.builder("chat.connections", lobby, Lobby::openConnections).description("Open connections").register(registry);
        Gauge.builder("chat.ready", lobby, l -> l.notReady().isEmpty() ? 1 : 0)
                .description("1 while this node takes new clients (GET /health/ready is 200), else 0").register(registry);
        Gauge.builder("chat.rooms", this, metrics -> metrics.roomSizes.size()).description("Rooms with members on this node")
                .register(registry);
        for (int bucket : ROOM_SIZE_BUCKETS) {
            Gauge.builder("chat.room.members", this, metrics -> metrics.roomSizes.stream().filter(size -> size <= bucket).count())
                    .tag("le", Integer.toString(bucket))
                    .description("Rooms with members on this node having at most `le` of them (a gauge histogram)").register(registry);
        }
        Gauge.builder("chat.outbox.queued", lobby, l -> l.queued().bytes()).baseUnit("bytes")
                .description("Bytes waiting in outboxes for clients that read slower than their rooms talk").register(registry);
    }

    private Timer latency(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    }

    /** Everything, in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        Lobby watched = lobby;
        roomSizes = watched == null ? List.of() : watched.roomSizes().values();
        return registry.scrape();
    }

    /** The moderators' dashboard as JSON (see {@link Dashboard}). */
    public String dashboard() {
        return dashboard.json();
    }

    /** Takes the dashboard's sample of the last {@link #SAMPLE_EVERY}; call it that often, on one thread. */
    public void sample() {
        dashboard.sample();
    }

    @Override
    public void received() {
        received.increment();
    }

    @Override
    public void fannedOut(int deliveries, long nanos) {
        this.deliveries.increment(deliveries);
        fanout.record(nanos, TimeUnit.NANOSECONDS);
        dashboard.fannedOut(nanos);
    }

    @Override
    public void waited(long nanos) {
        outboxWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void refused(ErrorCode code) {
        refusals.get(code).increment();
    }

    /**
     * A client chooses the code of a close it starts: codes outside RFC 6455's own and this
     * server's count as {@code other}, so no client can add series.
     */
    @Override
    public void closed(int code) {
        int known = code >= 1000 && code <= 1015 || CloseCodes.of(code).isPresent() ? code : 0;
        closes.computeIfAbsent(known, c -> Counter.builder("chat.closes").tag("code", c == 0 ? "other" : Integer.toString(c))
                .description("Connections closed, by close code").register(registry)).increment();
    }

    @Override
    public void evicted() {
        evictions.increment();
    }

    @Override
    public void silent() {
        heartbeatTimeouts.increment();
    }

    @Override
    public void relayed(long nanos, boolean failed) {
        if (failed) {
            relayErrors.increment();
        } else {
            relayCalls.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void stored(long nanos, boolean failed) {
        if (failed) {
            storeErrors.increment();
        } else {
            storeWrites.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void moderated(String room, String by, Moderation.Request request) {
        dashboard.moderated(room, by, request);
    }

    /** Stops the JVM binders' listeners and threads, which would outlive the web application. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}

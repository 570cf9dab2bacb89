package org.websocketchat.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The benchmark messages received by one side's clients together in the current phase, and their
 * latencies. The phase's end is signalled the moment the last expected one arrives, so the phase's
 * time is not rounded up to a polling interval; the receiving threads pay one volatile read each
 * for it.
 */
final class Deliveries {

    private final AtomicLong count = new AtomicLong();
    private final Recorder latencies = new Recorder(3);
    private final Recorder crossNode = new Recorder(3);
    private volatile long expected = Long.MAX_VALUE;
    private volatile CompletableFuture<Void> allIn = new CompletableFuture<>();

    /** Starts counting and recording afresh; the stage completes when {@code expected} have arrived. */
    CompletableFuture<Void> expect(long expected) {
        CompletableFuture<Void> stage = new CompletableFuture<>();
        this.expected = Long.MAX_VALUE;
        count.set(0);
        latencies.reset();
        crossNode.reset();
        allIn = stage;
        this.expected = expected;
        if (count.get() >= expected) {
            stage.complete(null);
        }
        return stage;
    }

    /** One receipt, {@code micros} after it was sent; {@code crossedNodes} if the sender was on another node. */
    void add(long micros, boolean crossedNodes) {
        latencies.recordValue(micros);
        if (crossedNodes) {
            crossNode.recordValue(micros);
        }
        if (count.incrementAndGet() == expected) {
            allIn.complete(null);
        }
    }

    long count() {
        return count.get();
    }

    /** The latencies recorded since {@link #expect}. */
    Histogram latencies() {
        return latencies.getIntervalHistogram();
    }

    /** The latencies of deliveries that crossed from one node to another since {@link #expect}. */
    Histogram crossNode() {
        return crossNode.getIntervalHistogram();
    }
}

package org.websocketchat.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark messages received by all clients together in the current phase. The phase's
 * end is signalled the moment the last expected one arrives, so the phase's time is not
 * rounded up to a polling interval; the receiving threads pay one volatile read each for it.
 */
final class Deliveries {

    private final AtomicLong count = new AtomicLong();
    private volatile long expected = Long.MAX_VALUE;
    private volatile CompletableFuture<Void> allIn = new CompletableFuture<>();

    /** Starts counting from zero; the stage completes when {@code expected} have arrived. */
    CompletableFuture<Void> expect(long expected) {
        CompletableFuture<Void> stage = new CompletableFuture<>();
        this.expected = Long.MAX_VALUE;
        count.set(0);
        allIn = stage;
        this.expected = expected;
        if (count.get() >= expected) {
            stage.complete(null);
        }
        return stage;
    }

    void add() {
        if (count.incrementAndGet() == expected) {
            allIn.complete(null);
        }
    }

    long count() {
        return count.get();
    }
}

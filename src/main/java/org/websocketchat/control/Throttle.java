package org.websocketchat.control;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Lets at most one call through per {@code spacing}, by the time of the last one let through: no
 * timer, no thread, so a connection can hold one for the price of a long. Not thread-safe: used by
 * the one thread at a time that delivers its connection's frames.
 */
final class Throttle {

    private final long spacingNanos;
    private final LongSupplier nanoTime;
    private boolean passed;
    private long passedAt;

    Throttle(Duration spacing, LongSupplier nanoTime) {
        this.spacingNanos = spacing.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Whether this call may pass: the first does, and then one at least {@code spacing} after the last that did. */
    boolean pass() {
        long now = nanoTime.getAsLong();
        if (passed && now - passedAt < spacingNanos) {
            return false;
        }
        passed = true;
        passedAt = now;
        return true;
    }
}

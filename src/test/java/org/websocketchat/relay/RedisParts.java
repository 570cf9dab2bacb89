package org.websocketchat.relay;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A bounded wait for the relay's unit tests, which watch a real Redis come and go. */
final class RedisParts {

    private RedisParts() {
    }

    /** Waits until {@code condition} holds, looking every 20 ms; fails naming {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            Thread.sleep(20);
        }
    }
}

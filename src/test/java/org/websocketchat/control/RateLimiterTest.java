package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    // Not zero, so that nothing depends on the clock starting at the origin.
    private final AtomicLong now = new AtomicLong(123_456_789L);

    private RateLimiter limiter(double perSecond, int burst) {
        return new RateLimiter(perSecond, burst, now::get);
    }

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private static int acquireAll(RateLimiter limiter, int attempts) {
        int granted = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.tryAcquire()) {
                granted++;
            }
        }
        return granted;
    }

    @Test
    void theWholeBurstIsAllowedAtOnceAndTheNextIsRefused() {
        RateLimiter limiter = limiter(10, 20);

        for (int i = 1; i <= 20; i++) {
            assertTrue(limiter.tryAcquire(), "message " + i + " of the burst");
        }
        assertFalse(limiter.tryAcquire());
    }

    @Test
    void refillsAtTheConfiguredRate() {
        RateLimiter limiter = limiter(10, 5);
        acquireAll(limiter, 5);

        advanceMillis(99);
        assertFalse(limiter.tryAcquire(), "0.99 of a token after 99 ms");

        advanceMillis(1);
        assertTrue(limiter.tryAcquire(), "one token after 100 ms at 10 per second");
        assertFalse(limiter.tryAcquire());

        advanceMillis(300);
        assertEquals(3, acquireAll(limiter, 10), "three tokens after 300 ms");
    }

    @Test
    void aFractionalRateRefillsSlowly() {
        RateLimiter limiter = limiter(0.5, 1);
        assertTrue(limiter.tryAcquire());

        advanceMillis(1_999);
        assertFalse(limiter.tryAcquire());
        advanceMillis(1);
        assertTrue(limiter.tryAcquire());
    }

    @Test
    void refusedAttemptsDoNotCostATokenOrLoseRefill() {
        RateLimiter limiter = limiter(2, 1);
        limiter.tryAcquire();

        advanceMillis(250);
        assertFalse(limiter.tryAcquire());
        advanceMillis(250);

        assertTrue(limiter.tryAcquire(), "250 ms + 250 ms at 2 per second make one token");
    }

    @Test
    void neverHoldsMoreThanTheBurst() {
        RateLimiter limiter = limiter(10, 3);

        advanceMillis(60_000);

        assertEquals(3, acquireAll(limiter, 100));
    }

    @Test
    void aLongIdleAfterExhaustionRefillsToTheBurstOnly() {
        RateLimiter limiter = limiter(100, 4);
        acquireAll(limiter, 4);

        advanceMillis(3_600_000);

        assertEquals(4, acquireAll(limiter, 100));
    }
}

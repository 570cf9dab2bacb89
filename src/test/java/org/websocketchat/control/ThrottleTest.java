package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ThrottleTest {

    private final AtomicLong nanoTime = new AtomicLong(-5_000_000_000L);
    private final Throttle throttle = new Throttle(Duration.ofSeconds(2), nanoTime::get);

    private boolean passAt(long millis) {
        nanoTime.set(-5_000_000_000L + millis * 1_000_000);
        return throttle.pass();
    }

    @Test
    void letsTheFirstThroughThenOnePerSpacingCountedFromTheLastThatPassed() {
        assertEquals(List.of(true, false, false, true, false, true),
                List.of(passAt(0), passAt(1), passAt(1999), passAt(2000), passAt(3999), passAt(4000)));
    }
}

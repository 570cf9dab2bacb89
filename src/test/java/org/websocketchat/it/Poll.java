package org.websocketchat.it;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits, bounded, for a condition nothing notifies about: a server's HTTP answer or its log
 * file, asked again at a fixed interval.
 */
final class Poll {

    private static final Duration EVERY = Duration.ofMillis(50);

    private Poll() {
    }

    /**
     * Asks {@code probe} until its answer satisfies {@code wanted} and returns that answer; fails
     * after {@code timeout} with the last answer. A probe that fails with an I/O error is asked
     * again, as the server may refuse one request while it is busy.
     */
    static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Object last;
            try {
                T answer = probe.get();
                if (wanted.test(answer)) {
                    return answer;
                }
                last = answer;
            } catch (UncheckedIOException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not seen within " + timeout + "; last seen:\n" + last);
            }
            Thread.sleep(EVERY.toMillis());
        }
    }
}

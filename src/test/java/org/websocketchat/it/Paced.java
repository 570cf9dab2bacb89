package org.websocketchat.it;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A steady load for the tests: a step run at a fixed rate by a scheduler, not by sleeping between steps. */
final class Paced {

    @FunctionalInterface
    interface Step {
        void run(int index) throws Exception;
    }

    private Paced() {
    }

    /**
     * Runs {@code step(0)} … {@code step(count - 1)}, the first after {@code delay}, then one every
     * {@code period}. The future completes after the last step, or with the first step's failure,
     * and no step runs after that.
     */
    static CompletableFuture<Void> steps(ScheduledExecutorService scheduler, Duration delay, Duration period, int count,
            Step step) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger next = new AtomicInteger();
        ScheduledFuture<?> ticks = scheduler.scheduleAtFixedRate(() -> {
            int index = next.getAndIncrement();
            if (index >= count || done.isDone()) {
                return;
            }
            try {
                step.run(index);
                if (index == count - 1) {
                    done.complete(null);
                }
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        }, delay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        done.whenComplete((ignored, failure) -> ticks.cancel(false));
        return done;
    }
}

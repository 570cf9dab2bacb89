package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void namesItsThreadsInOrderAndMakesThemDaemons() {
        DaemonThreads made = new DaemonThreads("chat-test");
        Thread first = made.newThread(() -> { });
        Thread second = made.newThread(() -> { });
        assertEquals(List.of("chat-test-1", "chat-test-2"), List.of(first.getName(), second.getName()));
        assertTrue(first.isDaemon() && second.isDaemon());
    }

    @Test
    void aStopReturnsOnlyOnceEveryThreadHasEndedNotJustThePool() {
        // Many rounds: the pool reports itself terminated a moment before its last thread ends,
        // and a stop that merely awaited termination would now and then return inside that moment.
        for (int round = 0; round < 200; round++) {
            DaemonThreads made = new DaemonThreads("chat-test");
            ExecutorService pool = Executors.newFixedThreadPool(4, made);
            Set<Thread> ran = ConcurrentHashMap.newKeySet();
            for (int task = 0; task < 8; task++) {
                pool.execute(() -> ran.add(Thread.currentThread()));
            }
            assertTrue(made.stop(pool, WAIT, false));
            assertEquals(4, ran.size(), "a fixed pool makes a thread for each of its first tasks");
            List<Thread> alive = ran.stream().filter(Thread::isAlive).toList();
            assertEquals(List.of(), alive, "round " + round);
        }
    }

    @Test
    void queuedTasksRunUnlessTheStopInterrupts() throws InterruptedException {
        DaemonThreads made = new DaemonThreads("chat-test");
        ExecutorService pool = Executors.newSingleThreadExecutor(made);
        CountDownLatch ran = new CountDownLatch(3);
        for (int task = 0; task < 3; task++) {
            pool.execute(ran::countDown);
        }
        assertTrue(made.stop(pool, WAIT, false));
        assertTrue(ran.await(0, TimeUnit.SECONDS), "every queued task ran before the threads ended");
    }

    @Test
    void aTaskThatOutlivesTheWaitIsInterruptedAndTheStopSaysSo() throws InterruptedException {
        DaemonThreads made = new DaemonThreads("chat-test");
        ExecutorService pool = Executors.newSingleThreadExecutor(made);
        AtomicReference<Thread> worker = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        pool.execute(() -> {
            worker.set(Thread.currentThread());
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertFalse(made.stop(pool, Duration.ofMillis(50), false));
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "interrupted after the wait");
        worker.get().join(10_000);
        assertFalse(worker.get().isAlive());
    }
}

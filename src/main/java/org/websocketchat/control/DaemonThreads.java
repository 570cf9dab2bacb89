package org.websocketchat.control;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the daemon threads of one pool, named {@code NAME-1}, {@code NAME-2}…, and can wait for
 * them to end. A web application must leave no thread behind when it stops: the container warns
 * of each (and may leak its class loader). {@link ExecutorService#awaitTermination} is not enough
 * for that: a pool counts as terminated once its last worker has left the pool, a moment before
 * that worker's thread has ended, so {@link #stop} joins the threads themselves.
 */
public final class DaemonThreads implements ThreadFactory {

    private final String name;
    private final AtomicInteger count = new AtomicInteger();
    /** Every thread made that has not been seen ended; pruned as new ones are made, so idle pools that time out threads do not grow it. */
    private final Set<Thread> made = ConcurrentHashMap.newKeySet();

    public DaemonThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable task) {
        // TERMINATED, not !isAlive(): a thread just made by another caller is not yet started.
        made.removeIf(thread -> thread.getState() == Thread.State.TERMINATED);
        Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        made.add(thread);
        return thread;
    }

    /**
     * Shuts {@code pool} down (interrupting its tasks if {@code interrupt}), lets queued tasks run
     * otherwise, and waits at most {@code wait} for every thread made here to end; interrupts the
     * tasks still running after that. Returns whether every thread ended.
     */
    public boolean stop(ExecutorService pool, Duration wait, boolean interrupt) {
        if (interrupt) {
            pool.shutdownNow();
        } else {
            pool.shutdown();
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            // Once the pool has terminated it makes no thread, so the alive ones are all there is to wait for.
            while (!(pool.isTerminated() && made.stream().noneMatch(Thread::isAlive))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    pool.shutdownNow();
                    return false;
                }
                Thread alive = made.stream().filter(Thread::isAlive).findAny().orElse(null);
                if (alive == null) {
                    pool.awaitTermination(left, TimeUnit.NANOSECONDS);
                } else {
                    TimeUnit.NANOSECONDS.timedJoin(alive, left);
                }
            }
            return true;
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

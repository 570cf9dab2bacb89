package org.websocketchat.control;

import java.util.ArrayDeque;
import java.util.Deque;

import org.websocketchat.wire.Frame;

/**
 * What waits in an {@link Outbox}: text frames and pings in the order they are to go, and how
 * much text that is. Pings do not count as frames or bytes here: the budgets are for text. Not
 * thread-safe: the outbox's lock guards it.
 */
final class Backlog {

    /** Marks a waiting ping's place in the queue; compared by identity, never sent as text. */
    private static final Frame PING = new Frame("", 0);

    /** A ping waiting its turn; {@code handedOver} runs just before it is handed to the peer. */
    record WaitingPing(byte[] payload, Runnable handedOver) {
    }

    private final Deque<Frame> queue = new ArrayDeque<>();
    private final Deque<WaitingPing> pings = new ArrayDeque<>();
    private long bytes;
    private final Telemetry telemetry;
    /**
     * The text frame whose wait is being timed, or {@code null}. One frame in {@link Telemetry#WAIT_SAMPLE_EVERY}
     * is timed, and one at a time: a time taken and a timer recorded for every frame cost a
     * broadcast more than the rest of handing it over (docs/benchmark.md, 2026-12-04), while a
     * sample shows the same distribution of waits.
     */
    private Frame timed;
    private long timedSince;
    /** Text frames still to be queued before the next is timed; the first is timed at once. */
    private int untilSample = 1;

    Backlog(Telemetry telemetry) {
        this.telemetry = telemetry;
    }

    /** Whether {@code frame} fits beside what waits, within {@code maxFrames} and {@code maxBytes}. */
    boolean admits(Frame frame, int maxFrames, long maxBytes) {
        return frames() < maxFrames && bytes + frame.bytes() <= maxBytes;
    }

    void add(Frame frame) {
        queue.add(frame);
        bytes += frame.bytes();
        if (timed == null && --untilSample == 0) {
            timed = frame;
            timedSince = System.nanoTime();
            untilSample = Telemetry.WAIT_SAMPLE_EVERY;
        }
    }

    void addPing(byte[] payload, Runnable handedOver) {
        pings.add(new WaitingPing(payload.clone(), handedOver));
        queue.add(PING);
    }

    /** Takes the next text frame, or {@code null} when the next in line is a ping or nothing waits. */
    Frame pollText() {
        Frame next = queue.peek();
        if (next == null || next == PING) {
            return null;
        }
        queue.poll();
        bytes -= next.bytes();
        if (next == timed) {
            telemetry.waited(System.nanoTime() - timedSince);
            timed = null;
        }
        return next;
    }

    /** Takes the ping that is next in line, or {@code null} when it is not a ping. */
    WaitingPing pollPing() {
        if (queue.peek() != PING) {
            return null;
        }
        queue.poll();
        return pings.remove();
    }

    /** The text frame next in line without taking it, or {@code null} when that is a ping or nothing. */
    Frame peekText() {
        Frame next = queue.peek();
        return next == PING ? null : next;
    }

    void clear() {
        queue.clear();
        pings.clear();
        bytes = 0;
        timed = null;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    long bytes() {
        return bytes;
    }

    /** Text frames waiting; pings are not counted. */
    int frames() {
        return queue.size() - pings.size();
    }

    boolean isPingWaiting() {
        return !pings.isEmpty();
    }
}

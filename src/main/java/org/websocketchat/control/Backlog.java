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
     * When each waiting text frame was queued, oldest at {@code first}, as a ring of primitives: a
     * boxed time per frame would be an allocation per member per message. Made on the first frame:
     * an idle connection pays nothing for it.
     */
    private long[] queuedAt = {};
    private int first;
    private int stamped;

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
        if (stamped == queuedAt.length) {
            long[] grown = new long[Math.max(16, stamped * 2)];
            for (int i = 0; i < stamped; i++) {
                grown[i] = queuedAt[(first + i) % stamped];
            }
            queuedAt = grown;
            first = 0;
        }
        queuedAt[(first + stamped++) % queuedAt.length] = System.nanoTime();
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
        telemetry.waited(System.nanoTime() - queuedAt[first]);
        first = (first + 1) % queuedAt.length;
        stamped--;
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
        first = 0;
        stamped = 0;
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

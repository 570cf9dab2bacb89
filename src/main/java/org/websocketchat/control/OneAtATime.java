package org.websocketchat.control;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a room's operations one at a time, and holds back a leave that re-enters one (a member
 * ended during a broadcast, on the broadcasting thread) until it is done, so that no operation
 * sees its room change under it. Not thread-safe: used under the room's lock.
 */
final class OneAtATime {

    /** Members whose leave came in during an operation, in the order they came. */
    private final Deque<Connection> leavingLater = new ArrayDeque<>();
    private final Consumer<Connection> leave;
    private boolean busy;

    OneAtATime(Consumer<Connection> leave) {
        this.leave = leave;
    }

    /** Whether {@code member}'s leave came in during an operation, and is held back until it ends. */
    boolean heldBack(Connection member) {
        if (busy) {
            leavingLater.add(member);
        }
        return busy;
    }

    /**
     * Runs one operation, then the leaves that came in during it. An operation run within another
     * (the archive answering on the thread that asked) is part of it: the outer one runs the leaves.
     */
    <T> T run(Supplier<T> operation) {
        boolean outermost = !busy;
        busy = true;
        try {
            T result = operation.get();
            for (Connection member = outermost ? leavingLater.poll() : null; member != null; member = leavingLater.poll()) {
                leave.accept(member);
            }
            return result;
        } finally {
            busy = !outermost;
        }
    }
}

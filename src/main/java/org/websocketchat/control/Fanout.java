package org.websocketchat.control;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Keeps socket writes out of a room's lock. A room hands each member's frame to its
 * {@link Outbox} under the lock, which fixes the order every member sees; starting the send of
 * an outbox that was idle means a write to the socket, which need not happen under the lock. Inside
 * {@link #around}, such starts are collected and run once the action has returned, on the same
 * thread, after the room has let go of its lock: the room is held for the handing over alone, and
 * two broadcasts in the same room write to their members side by side.
 *
 * <p>Outside {@code around} an outbox starts at once, as for a reply to one client. Scopes on one
 * thread nest: the outermost runs every start. What must stay true: every start collected is run,
 * even if the action throws, or that outbox never sends again; and nothing is left on the thread
 * afterwards (it may be a container's, which outlives the application).
 */
final class Fanout {

    private static final ThreadLocal<List<Runnable>> STARTS = new ThreadLocal<>();

    private Fanout() {
    }

    /** Runs {@code action}, then the sends it started; see the class comment. */
    static <T> T around(Supplier<T> action) {
        if (STARTS.get() != null) {
            return action.get();
        }
        List<Runnable> starts = new ArrayList<>();
        STARTS.set(starts);
        try {
            return action.get();
        } finally {
            STARTS.remove();
            runAll(starts);
        }
    }

    /** Runs every start, even after one has thrown: an outbox whose start is skipped never sends again. */
    private static void runAll(List<Runnable> starts) {
        RuntimeException first = null;
        for (Runnable start : starts) {
            try {
                start.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static void around(Runnable action) {
        around(() -> {
            action.run();
            return null;
        });
    }

    /** Starts an outbox's send now, or once the enclosing {@link #around} is done. */
    static void start(Runnable pump) {
        List<Runnable> starts = STARTS.get();
        if (starts == null) {
            pump.run();
        } else {
            starts.add(pump);
        }
    }
}

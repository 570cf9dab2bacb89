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

    private static final ThreadLocal<Fanout> CURRENT = new ThreadLocal<>();
    /** Room enough for a room of a few hundred members without growing. */
    private static final int EXPECTED_STARTS = 256;

    private final List<Runnable> starts = new ArrayList<>(EXPECTED_STARTS);

    private Fanout() {
    }

    /** Runs {@code action}, then the sends it started; see the class comment. */
    static <T> T around(Supplier<T> action) {
        if (CURRENT.get() != null) {
            return action.get();
        }
        Fanout scope = new Fanout();
        CURRENT.set(scope);
        try {
            return action.get();
        } finally {
            CURRENT.remove();
            scope.runAll();
        }
    }

    static void around(Runnable action) {
        around(() -> {
            action.run();
            return null;
        });
    }

    /**
     * The scope this thread is in, or {@code null} outside {@link #around}. A broadcast looks it
     * up once and hands it to every member's {@link #start}: a thread-local look-up per member
     * costs more than the rest of handing a frame over.
     */
    static Fanout current() {
        return CURRENT.get();
    }

    /** Starts an outbox's send now if {@code scope} is {@code null}, else once that {@link #around} is done. */
    static void start(Fanout scope, Runnable pump) {
        if (scope == null) {
            pump.run();
        } else {
            scope.starts.add(pump);
        }
    }

    /** Runs every start, even after one has thrown: an outbox whose start is skipped never sends again. */
    private void runAll() {
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
}

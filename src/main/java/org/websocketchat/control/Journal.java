package org.websocketchat.control;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.ServerFrame;

/**
 * A room's frames on their way out, where an {@link Archive} keeps its messages: each message is
 * stored before anyone is sent it, and every frame goes out in the order the room made it, those
 * that store nothing (joins, leaves, notices) waiting behind the messages made before them.
 *
 * <p>Messages are stored in batches, one at a time per room: all the messages that queued while
 * the last batch was written go in the next, in one transaction. So a busy room pays one commit per
 * batch, not per message, and its order is the order of its ids. A batch the archive cannot take
 * is sent to nobody; each sender is told {@code unavailable}.
 *
 * <p>Without an archive it sends everything at once, as a room always did. Not thread-safe: used
 * under its room's lock; the archive answers on a thread of its own, which takes the lock again
 * through {@link Outlet#locked}.
 */
final class Journal {

    /** What the journal needs of its room. */
    interface Outlet {

        /** Runs {@code release} under the room's lock, as one of its operations, and the sends it starts after it. */
        void locked(Runnable release);

        /** Hands {@code frame} to every member here but {@code except}, now; returns its encodings. */
        Rendering sendNow(ServerFrame frame, Connection except);

        /** How many are here: the deliveries of a message. */
        int members();
    }

    /** A frame waiting its turn: a message (from {@code sender}) waits to be stored too. */
    private record Pending(ServerFrame frame, Connection except, Connection sender) {

        boolean message() {
            return sender != null;
        }
    }

    private final String room;
    private final RoomLog log;
    private final Archive archive;
    private final Outlet outlet;
    /** Oldest first. When not empty, its head is a message not yet released. */
    private final Deque<Pending> queue = new ArrayDeque<>();
    /** Messages at the head of the queue that the archive is writing now; at most one batch at a time. */
    private int writing;

    Journal(String room, RoomLog log, Archive archive, Outlet outlet) {
        this.room = room;
        this.log = log;
        this.archive = archive;
        this.outlet = outlet;
    }

    /** Sends {@code frame} now, or after the messages still waiting to be stored. */
    void send(ServerFrame frame, Connection except) {
        if (queue.isEmpty()) {
            outlet.sendNow(frame, except);
        } else {
            queue.add(new Pending(frame, except, null));
        }
    }

    /** Stores {@code message} (where an archive keeps messages), then sends it to everyone, its sender included. */
    void post(ChatEvent.Message message, Connection sender) {
        if (!archive.keeps()) {
            sent(message, sender);
            return;
        }
        queue.add(new Pending(message, null, sender));
        if (writing == 0) {
            writeNext();
        }
    }

    /** Hands every queued message to the archive as one batch; the queue's head is a message. */
    private void writeNext() {
        List<ChatEvent.Message> batch = queue.stream().filter(Pending::message).map(pending -> (ChatEvent.Message) pending.frame()).toList();
        writing = batch.size();
        archive.append(batch, stored -> outlet.locked(() -> release(stored)));
    }

    /**
     * The batch is stored, or not: sends (or refuses) its messages and the frames queued among and
     * right behind them, up to the next message, which starts the next batch.
     */
    private void release(boolean stored) {
        while (!queue.isEmpty() && (writing > 0 || !queue.peek().message())) {
            Pending next = queue.poll();
            if (!next.message()) {
                outlet.sendNow(next.frame(), next.except());
            } else {
                writing--;
                if (stored) {
                    sent((ChatEvent.Message) next.frame(), next.sender());
                } else {
                    next.sender().tell(ErrorReply.unavailable(room, "a message"));
                }
            }
        }
        if (!queue.isEmpty()) {
            writeNext();
        }
    }

    private void sent(ChatEvent.Message message, Connection sender) {
        long started = System.nanoTime();
        Rendering rendering = outlet.sendNow(message, null);
        log.keep(message.id(), rendering);
        sender.telemetry().fannedOut(outlet.members(), System.nanoTime() - started);
    }
}

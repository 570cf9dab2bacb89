package org.websocketchat.control;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;

import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.HistoryPage;

/**
 * A room's event ids and its messages: the last few in memory ({@link History}), each with its
 * encodings, and every one in the {@link Archive} where one keeps them. What must stay true: a
 * message is in the archive before it is in memory, and before anyone is sent it.
 *
 * <p>Not thread-safe: its room calls it under its lock, except {@link #page}, which takes the
 * lock itself where it needs it.
 */
final class RoomLog {

    private static final Logger LOG = System.getLogger(RoomLog.class.getName());
    private final String room;
    private final History recent;
    private final Archive archive;
    /** When this room's sequence started: ids of an earlier run have a smaller epoch. */
    private final long epoch;
    private EventId lastIssued;
    /** Whether the newest archived messages have been read into memory, or tried to be. */
    private boolean loaded;

    RoomLog(String room, int capacity, Archive archive, long epoch) {
        this.room = room;
        this.recent = new History(capacity);
        this.archive = archive;
        this.epoch = epoch;
        this.loaded = !archive.keeps();
    }

    EventId nextId() {
        lastIssued = lastIssued == null ? new EventId(epoch, 1) : lastIssued.next();
        return lastIssued;
    }

    Optional<EventId> lastIssued() {
        return Optional.ofNullable(lastIssued);
    }

    /** Keeps a message that has been stored and sent in memory, with its encodings. */
    void keep(EventId id, Rendering rendering) {
        recent.add(id, rendering);
    }

    /** What a newcomer asking for nothing in particular is sent: the latest messages. */
    List<Rendering> latest() {
        load();
        return recent.all();
    }

    /**
     * The messages after {@code since}, if that is exactly what the client missed: from memory,
     * or else from the archive when it keeps {@code since} and at most {@link Archive#MAX_RESUME} follow.
     */
    Optional<List<Rendering>> missed(EventId since) {
        load();
        Optional<List<Rendering>> inMemory = recent.after(since, lastIssued);
        if (inMemory.isPresent() || !archive.keeps()) {
            return inMemory;
        }
        try {
            return archive.after(room, since, Archive.MAX_RESUME).map(messages -> messages.stream().map(Rendering::new).toList());
        } catch (Archive.Unavailable e) {
            return Optional.empty();
        }
    }

    /** Deletes a message, in the archive first; false if it is kept nowhere. Throws {@link Archive.Unavailable}. */
    boolean delete(EventId id, String by) {
        boolean stored = archive.delete(room, id, by);
        return recent.remove(id) || stored;
    }

    /**
     * A page of older messages: from the archive where one keeps them, without any lock (it holds
     * more than memory, and reading it may take a round trip), else from memory under the room's
     * {@code lock}. Throws {@link Archive.Unavailable}.
     */
    HistoryPage page(Optional<EventId> before, int limit, Object lock) {
        Archive.Page page;
        if (archive.keeps()) {
            page = archive.before(room, before, limit);
        } else {
            synchronized (lock) {
                page = recent.before(before, limit);
            }
        }
        return new HistoryPage(room, page.messages(), page.more());
    }

    /**
     * Once, before the room's first newcomer: the newest archived messages into memory, so that
     * newcomers after a restart see them. If the archive cannot be read then, newcomers see only
     * what is said from now on, and scroll back for the rest.
     */
    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        try {
            archive.before(room, Optional.empty(), recent.capacity()).messages()
                    .forEach(message -> recent.add(message.id(), new Rendering(message)));
        } catch (Archive.Unavailable e) {
            LOG.log(Level.WARNING, "#{0}: the newest stored messages could not be read: {1}", room, e.getMessage());
        }
    }
}

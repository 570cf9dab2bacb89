package org.websocketchat.control;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.DirectMessage;
import org.websocketchat.entity.EventId;

/**
 * Where rooms' messages are kept for good, beyond the few each room holds in memory: a database
 * ({@code chat.store=jdbc}), or nowhere ({@link #NONE}). A room {@linkplain #append appends} each
 * message before anyone sees it, so a message a client saw acknowledged is never lost. Ids order
 * messages by {@link EventId}'s epoch, then its sequence, across restarts too.
 *
 * <p>Implementations are thread-safe and may block the caller for a round trip to the database,
 * at most a bounded timeout; a call that cannot be carried out throws {@link Unavailable} and never
 * waits for the database to come back.
 */
public interface Archive {

    /** A client back after more than this many messages is sent the latest instead, and scrolls back for the rest. */
    int MAX_RESUME = 1000;

    /** Keeps nothing: the rooms' memory ({@code chat.history.size}) is all the history there is. */
    Archive NONE = new Archive() {
        @Override
        public boolean keeps() {
            return false;
        }

        @Override
        public void append(List<ChatEvent.Message> messages, Consumer<Boolean> done) {
            done.accept(true);
        }

        @Override
        public boolean delete(String room, EventId id, String by) {
            return false;
        }

        @Override
        public Page before(String room, Optional<EventId> before, int limit) {
            return new Page(List.of(), false);
        }

        @Override
        public Optional<List<ChatEvent.Message>> after(String room, EventId since, int max) {
            return Optional.empty();
        }

        @Override
        public void appendDirect(String pair, DirectMessage message) {
        }

        @Override
        public List<DirectMessage> newestDirect(String pair, int limit) {
            return List.of();
        }

        @Override
        public Optional<List<DirectMessage>> directAfter(String pair, EventId since, int max) {
            return Optional.empty();
        }
    };

    /** Older messages, oldest first; {@code more} when still older ones are kept. */
    record Page(List<ChatEvent.Message> messages, boolean more) {

        public Page {
            messages = List.copyOf(messages);
        }
    }

    /** The archive cannot be reached now; the request was not carried out. */
    final class Unavailable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Whether anything is kept: false for {@link #NONE}. */
    boolean keeps();

    /**
     * Keeps {@code messages} (one room's, in id order) for good, all or none, then tells {@code done}
     * on a thread of the archive's whether they are durable. Never blocks the caller; the archive
     * may answer on the caller's own thread. Appending an id twice keeps one.
     */
    void append(List<ChatEvent.Message> messages, Consumer<Boolean> done);

    /** Marks a kept message deleted by moderator {@code by}; false if {@code id} is not kept (or is deleted already). */
    boolean delete(String room, EventId id, String by);

    /** Up to {@code limit} messages older than {@code before} (the newest when empty), oldest first. */
    Page before(String room, Optional<EventId> before, int limit);

    /**
     * The messages after {@code since}, oldest first, if {@code since} is a kept message and no
     * more than {@code max} follow it; empty otherwise (the caller then sends the latest instead).
     */
    Optional<List<ChatEvent.Message>> after(String room, EventId since, int max);

    /**
     * Keeps a direct message between two signed-in users for good, under {@code pair} (the same
     * for both sides: see {@link Mail}); returns once it is durable.
     */
    void appendDirect(String pair, DirectMessage message);

    /** The newest {@code limit} direct messages of {@code pair}, oldest first. */
    List<DirectMessage> newestDirect(String pair, int limit);

    /** As {@link #after}, for the direct messages of {@code pair}. */
    Optional<List<DirectMessage>> directAfter(String pair, EventId since, int max);

    /** Whether the archive answers now; {@code /health/ready} is 503 while it does not. */
    default boolean reachable() {
        return true;
    }
}

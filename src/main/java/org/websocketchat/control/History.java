package org.websocketchat.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.EventId;

/**
 * The last {@code capacity} messages of a room (nothing else), oldest first, each kept with its encodings so
 * that replaying history to a newcomer encodes nothing. Not thread-safe: owned by its room.
 */
final class History {

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();
    /** The newest id that has been evicted, if any: a {@code since} before it has a gap. */
    private EventId evictedUpTo;

    record Entry(EventId id, Rendering rendering) {
    }

    History(int capacity) {
        this.capacity = capacity;
    }

    void add(EventId id, Rendering rendering) {
        if (capacity == 0) {
            evictedUpTo = id;
            return;
        }
        if (entries.size() == capacity) {
            evictedUpTo = entries.removeFirst().id();
        }
        entries.addLast(new Entry(id, rendering));
    }

    /** Removes the message {@code id} (a moderator deleted it); false if it is not kept. */
    boolean remove(EventId id) {
        return entries.removeIf(entry -> entry.id().equals(id));
    }

    int capacity() {
        return capacity;
    }

    /** Up to {@code limit} messages older than {@code before} (the newest when empty), oldest first. */
    Archive.Page before(Optional<EventId> before, int limit) {
        List<ChatEvent.Message> older = entries.stream().filter(entry -> before.isEmpty() || entry.id().compareTo(before.get()) < 0)
                .map(entry -> (ChatEvent.Message) entry.rendering().frame()).toList();
        return new Archive.Page(older.subList(Math.max(0, older.size() - limit), older.size()), older.size() > limit);
    }

    List<Rendering> all() {
        return entries.stream().map(Entry::rendering).toList();
    }

    /**
     * The messages after {@code since}, if that is exactly what the client missed: present only
     * when {@code since} is an id this room issued ({@code since <= lastIssued}) and nothing
     * after it has been evicted.
     */
    Optional<List<Rendering>> after(EventId since, EventId lastIssued) {
        if (lastIssued == null || since.epoch() != lastIssued.epoch() || since.compareTo(lastIssued) > 0) {
            return Optional.empty();
        }
        if (evictedUpTo != null && since.compareTo(evictedUpTo) < 0) {
            return Optional.empty();
        }
        List<Rendering> missed = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.id().compareTo(since) > 0) {
                missed.add(entry.rendering());
            }
        }
        return Optional.of(missed);
    }
}

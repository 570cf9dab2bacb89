package org.websocketchat.entity;

import java.util.Optional;

/**
 * Identifies an event within one room. Clients treat it as an opaque string; the server orders
 * it by {@code epoch} (when the room's sequence started, so ids from before a restart are never
 * mistaken for current ones) and then by {@code sequence}.
 */
public record EventId(long epoch, long sequence) implements Comparable<EventId> {

    public EventId {
        if (epoch < 0 || sequence < 1) {
            throw new IllegalArgumentException("invalid event id " + epoch + "-" + sequence);
        }
    }

    /** Reads the text form, {@code EPOCH-SEQUENCE}; anything else is absent. */
    public static Optional<EventId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int dash = text.indexOf('-');
        if (dash < 1 || dash == text.length() - 1) {
            return Optional.empty();
        }
        try {
            long epoch = Long.parseLong(text, 0, dash, 10);
            long sequence = Long.parseLong(text, dash + 1, text.length(), 10);
            return epoch >= 0 && sequence >= 1 ? Optional.of(new EventId(epoch, sequence)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public EventId next() {
        return new EventId(epoch, sequence + 1);
    }

    @Override
    public int compareTo(EventId other) {
        int byEpoch = Long.compare(epoch, other.epoch);
        return byEpoch != 0 ? byEpoch : Long.compare(sequence, other.sequence);
    }

    @Override
    public String toString() {
        return epoch + "-" + sequence;
    }
}

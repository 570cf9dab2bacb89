package org.websocketchat.entity;

import java.time.Instant;

/**
 * Something that happened in a room, in the order its {@link EventId} gives. {@code verified}: the
 * member's name is the one the container signed it in under; otherwise it is a guest's.
 */
public sealed interface ChatEvent extends ServerFrame {

    EventId id();

    String room();

    Instant at();

    record Message(EventId id, String room, String from, String text, Instant at, boolean verified) implements ChatEvent {

        /** A guest's message. */
        public Message(EventId id, String room, String from, String text, Instant at) {
            this(id, room, from, text, at, false);
        }
    }

    record Joined(EventId id, String room, String name, Instant at, boolean verified) implements ChatEvent {

        /** A guest's join. */
        public Joined(EventId id, String room, String name, Instant at) {
            this(id, room, name, at, false);
        }
    }

    record Left(EventId id, String room, String name, Instant at, boolean verified) implements ChatEvent {

        /** A guest's leave. */
        public Left(EventId id, String room, String name, Instant at) {
            this(id, room, name, at, false);
        }
    }
}

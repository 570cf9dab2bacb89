package org.websocketchat.entity;

import java.time.Instant;

/**
 * Something that happened in a room, in the order its {@link EventId} gives. {@code verified}: the
 * member's name is the one the container signed it in under; otherwise it is a guest's. A message
 * that is an {@code action} is said of its sender ({@code /me waves}).
 */
public sealed interface ChatEvent extends ServerFrame {

    EventId id();

    String room();

    Instant at();

    record Message(EventId id, String room, String from, String text, Instant at, boolean verified, boolean action)
            implements ChatEvent {

        /** An ordinary message. */
        public Message(EventId id, String room, String from, String text, Instant at, boolean verified) {
            this(id, room, from, text, at, verified, false);
        }

        /** A guest's ordinary message. */
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

package org.websocketchat.entity;

import java.time.Instant;

/** Something that happened in a room, in the order its {@link EventId} gives. */
public sealed interface ChatEvent extends ServerFrame {

    EventId id();

    String room();

    Instant at();

    record Message(EventId id, String room, String from, String text, Instant at) implements ChatEvent {
    }

    record Joined(EventId id, String room, String name, Instant at) implements ChatEvent {
    }

    record Left(EventId id, String room, String name, Instant at) implements ChatEvent {
    }
}

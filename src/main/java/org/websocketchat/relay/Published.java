package org.websocketchat.relay;

import java.time.Instant;
import java.util.Optional;

import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.EventId;

/**
 * The form in which {@code chat.lua} publishes a room's events to every node:
 * {@code KIND TAB ID TAB ROOM TAB AT-MS TAB NAME TAB TEXT}. Names and rooms hold no tab (their
 * rules forbid control characters); the text comes last, so it may.
 */
final class Published {

    private Published() {
    }

    /** The event, or empty if the payload is not one (another version's, or damaged). */
    static Optional<ChatEvent> parse(String payload) {
        String[] fields = payload.split("\t", 6);
        if (fields.length != 6) {
            return Optional.empty();
        }
        Optional<EventId> id = EventId.parse(fields[1]);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Instant at;
        try {
            at = Instant.ofEpochMilli(Long.parseLong(fields[3]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String room = fields[2];
        String name = fields[4];
        return switch (fields[0]) {
            case "message" -> Optional.of(new ChatEvent.Message(id.get(), room, name, fields[5], at));
            case "joined" -> Optional.of(new ChatEvent.Joined(id.get(), room, name, at));
            case "left" -> Optional.of(new ChatEvent.Left(id.get(), room, name, at));
            default -> Optional.empty();
        };
    }
}

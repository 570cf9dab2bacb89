package org.websocketchat.entity;

/**
 * A sign that {@code name} is typing in {@code room}, for the room's other members: never stored,
 * never replayed, no event id, and not sent to plain-mode clients or in a crowded room.
 *
 * @param verified the name is a signed-in user's
 */
public record Typing(String room, String name, boolean verified) implements ServerFrame {
}

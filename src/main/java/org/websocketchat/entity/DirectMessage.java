package org.websocketchat.entity;

import java.time.Instant;

/**
 * A message from one member to another alone: every open connection of {@code to} and of
 * {@code from} gets it. {@code verified}: {@code from} is the name the container signed the sender
 * in under. Ids increase within a conversation, like a room's.
 */
public record DirectMessage(EventId id, String from, String to, String text, Instant at, boolean verified) implements ServerFrame {
}

package org.websocketchat.entity;

/**
 * The answer to plain mode's {@code /help}: the commands the asker may use, the moderators'
 * among them only for a moderator.
 */
public record Help(boolean moderator) implements ServerFrame {
}

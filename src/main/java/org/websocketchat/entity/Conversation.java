package org.websocketchat.entity;

import java.util.List;

/**
 * The kept direct messages between the asker and {@code with}, oldest first: only those after the
 * asker's {@code since} when {@code resumed}, else all that are kept.
 */
public record Conversation(String with, List<DirectMessage> messages, boolean resumed) implements ServerFrame {

    public Conversation {
        messages = List.copyOf(messages);
    }
}

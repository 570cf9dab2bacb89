package org.websocketchat.entity;

import java.util.List;

/**
 * One page of a room's older messages, sent only to the client that asked ({@link ClientCommand.History}).
 *
 * @param messages oldest first, all of them older than the id asked before
 * @param more     whether older messages than the first of these are kept
 */
public record HistoryPage(String room, List<ChatEvent.Message> messages, boolean more) implements ServerFrame {

    public HistoryPage {
        messages = List.copyOf(messages);
    }
}

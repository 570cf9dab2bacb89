package org.websocketchat.relay;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.websocketchat.control.LocalMembers;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.EventId;

/**
 * An event as {@code chat.lua} publishes it to every node:
 * {@code KIND TAB ID TAB ROOM TAB AT-MS TAB NAME TAB TEXT}. Names and rooms hold no tab (their
 * rules forbid control characters); the text comes last, so it may. The text of a joined or left
 * event is the room's headcount after it: {@code COUNT TAB crowd} or {@code COUNT TAB small}, or
 * {@code COUNT TAB everyone} followed by a line per member's claim when the leave made a crowded
 * room small again.
 *
 * @param headcount told with joined and left events; empty with messages
 */
record Published(ChatEvent event, Optional<LocalMembers.Headcount> headcount) {

    /** The event, or empty if the payload is not one (another version's, or damaged). */
    static Optional<Published> parse(String payload) {
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
            case "message" -> Optional.of(new Published(new ChatEvent.Message(id.get(), room, name, fields[5], at), Optional.empty()));
            case "joined" -> presence(new ChatEvent.Joined(id.get(), room, name, at), fields[5]);
            case "left" -> presence(new ChatEvent.Left(id.get(), room, name, at), fields[5]);
            default -> Optional.empty();
        };
    }

    private static Optional<Published> presence(ChatEvent event, String headcount) {
        return headcount(headcount).map(told -> new Published(event, Optional.of(told)));
    }

    /** Hands the event to this node's members of its room, with its headcount if it has one. */
    void deliverTo(LocalMembers here) {
        headcount.ifPresentOrElse(told -> here.deliver(event, told), () -> here.deliver(event));
    }

    private static Optional<LocalMembers.Headcount> headcount(String text) {
        List<String> lines = Arrays.asList(text.split("\n"));
        String[] head = lines.get(0).split("\t");
        if (head.length != 2 || !head[0].matches("\\d{1,9}")) {
            return Optional.empty();
        }
        int count = Integer.parseInt(head[0]);
        return switch (head[1]) {
            case "crowd" -> Optional.of(new LocalMembers.Headcount(count, true, Optional.empty()));
            case "small" -> Optional.of(new LocalMembers.Headcount(count, false, Optional.empty()));
            case "everyone" -> Optional.of(new LocalMembers.Headcount(count, false,
                    Optional.of(Replies.members(lines.subList(1, lines.size())))));
            default -> Optional.empty();
        };
    }
}

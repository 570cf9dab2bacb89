package org.websocketchat.relay;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.websocketchat.control.LocalMembers;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.EventId;

/**
 * What {@code chat.lua} publishes to every node: {@code KIND TAB ID TAB ROOM TAB AT-MS TAB NAME TAB TEXT}.
 * Names and rooms hold no tab (their rules forbid control characters); the text comes last, so it
 * may. A signed-in member's name starts with {@link RedisNames#MARK}. The text of a joined or left
 * event is the room's headcount after it: {@code COUNT TAB crowd} or {@code COUNT TAB small}, or
 * {@code COUNT TAB everyone} followed by a line per member's claim when the leave made a crowded
 * room small again. An {@code evicted} notice ({@code ID} {@code -}, {@code AT-MS} 0) names in
 * its text the token of a guest whose name a signed-in user has taken over.
 */
sealed interface Published {

    /** The room it concerns. */
    String room();

    /** Hands it to this node's members of its room. */
    void deliverTo(LocalMembers here);

    /**
     * An event of the room's order.
     *
     * @param headcount told with joined and left events; empty with messages
     */
    record Event(ChatEvent event, Optional<LocalMembers.Headcount> headcount) implements Published {

        @Override
        public String room() {
            return event.room();
        }

        @Override
        public void deliverTo(LocalMembers here) {
            headcount.ifPresentOrElse(told -> here.deliver(event, told), () -> here.deliver(event));
        }
    }

    /** A guest to close: a signed-in user took its name over. No event of the room's order. */
    record Eviction(String room, String token) implements Published {

        @Override
        public void deliverTo(LocalMembers here) {
            here.evict(token);
        }
    }

    /** What was published, or empty if the payload is not one of these (another version's, or damaged). */
    static Optional<Published> parse(String payload) {
        String[] fields = payload.split("\t", 6);
        if (fields.length != 6) {
            return Optional.empty();
        }
        String room = fields[2];
        if (fields[0].equals("evicted")) {
            return fields[5].isEmpty() ? Optional.empty() : Optional.of(new Eviction(room, fields[5]));
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
        String name = RedisNames.name(fields[4]);
        boolean verified = RedisNames.verified(fields[4]);
        return switch (fields[0]) {
            case "message" -> Optional.of(new Event(new ChatEvent.Message(id.get(), room, name, fields[5], at, verified),
                    Optional.empty()));
            case "joined" -> presence(new ChatEvent.Joined(id.get(), room, name, at, verified), fields[5]);
            case "left" -> presence(new ChatEvent.Left(id.get(), room, name, at, verified), fields[5]);
            default -> Optional.empty();
        };
    }

    private static Optional<Published> presence(ChatEvent event, String headcount) {
        return headcount(headcount).map(told -> new Event(event, Optional.of(told)));
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
            case "everyone" -> {
                Replies.Roster everyone = Replies.roster(lines.subList(1, lines.size()));
                yield Optional.of(new LocalMembers.Headcount(count, false, Optional.of(everyone.names()), everyone.verified()));
            }
            default -> Optional.empty();
        };
    }
}

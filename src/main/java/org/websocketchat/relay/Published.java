package org.websocketchat.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.websocketchat.control.Headcount;
import org.websocketchat.control.LocalMembers;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.ErrorCode;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.Moderation;
import org.websocketchat.entity.ServerFrame;
import org.websocketchat.entity.Typing;

/**
 * What {@code chat.lua} publishes to every node: {@code KIND TAB ID TAB ROOM TAB AT-MS TAB NAME TAB TEXT}.
 * Names and rooms hold no tab (their rules forbid control characters); the text comes last, so it
 * may. A signed-in member's name starts with {@link RedisNames#MARK}. The text of a joined or left
 * event is the room's headcount after it: {@code COUNT TAB crowd} or {@code COUNT TAB small}, or
 * {@code COUNT TAB everyone} followed by a line per member's claim when the leave made a crowded
 * room small again. The other kinds, outside the room's event order, are described in
 * {@code chat.lua}: {@code evicted}, {@code ended}, {@code refused}, {@code moderation},
 * {@code deleted} and {@code typing}.
 */
sealed interface Published {

    /** The room it concerns. */
    String room();

    /** Hands it to this node's members of its room. */
    void deliverTo(LocalMembers here);

    /** Whether it concerns the members of node {@code node}: only some kinds are for one node alone. */
    default boolean isFor(String node) {
        return true;
    }

    /**
     * An event of the room's order.
     *
     * @param headcount told with joined and left events; empty with messages
     */
    record Event(ChatEvent event, Optional<Headcount> headcount) implements Published {

        @Override
        public String room() {
            return event.room();
        }

        @Override
        public void deliverTo(LocalMembers here) {
            headcount.ifPresentOrElse(told -> here.deliver(event, told), () -> here.deliver(event));
        }
    }

    /** A guest of {@code node} to close: a signed-in user took its name over. No event of the room's order. */
    record Eviction(String room, String node, String token) implements Published {

        @Override
        public void deliverTo(LocalMembers here) {
            here.evict(token);
        }

        @Override
        public boolean isFor(String node) {
            return this.node.equals(node);
        }
    }

    /** Members here of the name of {@code nameKey} to close: a moderator kicked or banned them. */
    record Ending(String room, String nameKey, CloseCodes code, String reason) implements Published {

        @Override
        public void deliverTo(LocalMembers here) {
            here.end(nameKey, code, reason);
        }
    }

    /** The message of {@code node}'s member holding {@code token} was refused: it is muted for {@code left}. */
    record Refusal(String room, String node, String token, Duration left) implements Published {

        @Override
        public void deliverTo(LocalMembers here) {
            here.tellOne(token, new ErrorReply(ErrorCode.MUTED, Moderation.mutedMessage(room, left), Optional.of(room)));
        }

        @Override
        public boolean isFor(String node) {
            return this.node.equals(node);
        }
    }

    /** Someone is typing: for the room's members of other names, outside its event order. */
    record Signal(Typing typing) implements Published {

        @Override
        public String room() {
            return typing.room();
        }

        @Override
        public void deliverTo(LocalMembers here) {
            here.signal(typing);
        }
    }

    /** A frame for every member of the room, outside its event order: a moderation notice, a deletion. */
    record Notice(String room, ServerFrame frame) implements Published {

        @Override
        public void deliverTo(LocalMembers here) {
            here.tell(frame);
        }
    }

    /** What was published, or empty if the payload is not one of these (another version's, or damaged). */
    static Optional<Published> parse(String payload) {
        String[] fields = payload.split("\t", 6);
        if (fields.length != 6) {
            return Optional.empty();
        }
        String room = fields[2];
        try {
            Optional<Published> other = switch (fields[0]) {
                case "evicted" -> fields[5].isEmpty() ? Optional.empty() : Optional.of(new Eviction(room, fields[4], fields[5]));
                case "ended" -> ending(room, fields[4], fields[5]);
                case "refused" -> refusal(room, fields[4], fields[5]);
                case "moderation" -> moderation(room, RedisNames.name(fields[4]), fields[5]);
                case "typing" -> Optional.of(new Signal(new Typing(room, RedisNames.name(fields[4]), RedisNames.verified(fields[4]))));
                case "deleted" -> EventId.parse(fields[1]).map(id -> new Notice(room, new Moderation.Deleted(room, id,
                        RedisNames.name(fields[4]))));
                default -> null;
            };
            if (other != null) {
                return other;
            }
        } catch (IllegalArgumentException e) {
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
        String name = RedisNames.name(fields[4]);
        boolean verified = RedisNames.verified(fields[4]);
        return switch (fields[0]) {
            case "message", "action" -> Optional.of(new Event(new ChatEvent.Message(id.get(), room, name, fields[5], at, verified,
                    fields[0].equals("action")), Optional.empty()));
            case "joined" -> presence(new ChatEvent.Joined(id.get(), room, name, at, verified), fields[5]);
            case "left" -> presence(new ChatEvent.Left(id.get(), room, name, at, verified), fields[5]);
            default -> Optional.empty();
        };
    }

    private static Optional<Published> refusal(String room, String node, String text) {
        String[] tokenAndMs = text.split("\t", 2);
        return tokenAndMs.length != 2 ? Optional.empty()
                : Optional.of(new Refusal(room, node, tokenAndMs[0], Duration.ofMillis(Long.parseLong(tokenAndMs[1]))));
    }

    private static Optional<Published> ending(String room, String nameKey, String text) {
        String[] codeAndReason = text.split("\t", 2);
        return codeAndReason.length != 2 ? Optional.empty() : CloseCodes.of(Integer.parseInt(codeAndReason[0]))
                .map(code -> new Ending(room, nameKey, code, codeAndReason[1]));
    }

    /** {@code ACTION TAB TARGET TAB SECONDS TAB REASON}. */
    private static Optional<Published> moderation(String room, String by, String text) {
        String[] fields = text.split("\t", 4);
        if (fields.length != 4) {
            return Optional.empty();
        }
        Moderation.Action action = Moderation.Action.valueOf(fields[0].toUpperCase(Locale.ROOT));
        return Optional.of(new Notice(room, new Moderation.Notice(room, action, fields[1], by,
                Duration.ofSeconds(Long.parseLong(fields[2])), fields[3])));
    }

    private static Optional<Published> presence(ChatEvent event, String headcount) {
        return headcount(headcount).map(told -> new Event(event, Optional.of(told)));
    }

    private static Optional<Headcount> headcount(String text) {
        List<String> lines = Arrays.asList(text.split("\n"));
        String[] head = lines.get(0).split("\t");
        if (head.length != 2 || !head[0].matches("\\d{1,9}")) {
            return Optional.empty();
        }
        int count = Integer.parseInt(head[0]);
        return switch (head[1]) {
            case "crowd" -> Optional.of(new Headcount(count, true, Optional.empty()));
            case "small" -> Optional.of(new Headcount(count, false, Optional.empty()));
            case "everyone" -> {
                Replies.Roster everyone = Replies.roster(lines.subList(1, lines.size()));
                yield Optional.of(new Headcount(count, false, Optional.of(everyone.names()), everyone.verified()));
            }
            default -> Optional.empty();
        };
    }
}

package org.websocketchat.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.MembersPage;
import org.websocketchat.entity.RoomList;
import org.websocketchat.entity.Moderation;

/** Reads what {@code chat.lua} answers, as Lettuce hands it over (nested lists of strings and numbers). */
final class Replies {

    /** What a join comes to: an admission, or a refusal (a ban). */
    sealed interface JoinReply {
    }

    /**
     * A newcomer let in: the name it got, the id of its {@code joined} event, whether the history
     * continues its {@code since}, who is in the room (in the order they joined; none named when
     * the room is crowded), the history, how many are in the room, whether it is crowded, and the
     * messages before its join that are held back while their nodes store them, which it is to
     * get when they come (see chat.lua, op reserve).
     */
    record Admission(String given, EventId joined, boolean resumed, Roster members, List<ChatEvent.Message> history,
            int count, boolean crowded, Set<EventId> awaited) implements JoinReply {

        Admission {
            awaited = Set.copyOf(awaited);
        }
    }

    /** The name is banned from the room: the close reason says for how long still, and why. */
    record Banned(String reason) implements JoinReply {
    }

    /** Display names, oldest join first, and which of them are signed-in members'. */
    record Roster(List<String> names, Set<String> verified) {

        Roster {
            names = List.copyOf(names);
            verified = Set.copyOf(verified);
        }
    }

    private Replies() {
    }

    /**
     * The answer to {@code join}: an admission, {@code {display, id, resumed, claims, stream entries,
     * count, crowded, held message ids}}, or {@code {-1, ms left, reason}} for a banned name.
     */
    static JoinReply joinReply(String room, List<?> reply) {
        if (reply.get(0) instanceof Number) {
            return new Banned(Moderation.bannedReason(room, Duration.ofMillis(((Number) reply.get(1)).longValue()), (String) reply.get(2)));
        }
        return admission(room, reply);
    }

    static Admission admission(String room, List<?> reply) {
        String given = RedisNames.name((String) reply.get(0));
        EventId joined = id((String) reply.get(1));
        boolean resumed = ((Number) reply.get(2)).longValue() == 1;
        Roster members = roster((List<?>) reply.get(3));
        List<ChatEvent.Message> history = new ArrayList<>();
        for (Object entry : (List<?>) reply.get(4)) {
            history.add(message(room, (List<?>) entry));
        }
        int count = ((Number) reply.get(5)).intValue();
        boolean crowded = ((Number) reply.get(6)).longValue() == 1;
        Set<EventId> awaited = ((List<?>) reply.get(7)).stream().map(held -> id((String) held)).collect(Collectors.toSet());
        return new Admission(given, joined, resumed, members, history, count, crowded, awaited);
    }

    /**
     * The answer to {@code page}: {@code {claims, count}}, the claims in name-key order and one
     * more than {@code limit} if more follow.
     */
    static MembersPage page(String room, List<?> reply, int limit) {
        List<?> claims = (List<?>) reply.get(0);
        List<String> names = new ArrayList<>(Math.min(limit, claims.size()));
        Set<String> verified = new HashSet<>();
        for (Object claim : claims.subList(0, Math.min(limit, claims.size()))) {
            String display = ((String) claim).split("\t", 4)[3];
            names.add(RedisNames.name(display));
            if (RedisNames.verified(display)) {
                verified.add(RedisNames.name(display));
            }
        }
        Optional<String> next = claims.size() > limit ? Optional.of(names.get(names.size() - 1)) : Optional.empty();
        return new MembersPage(room, names, next, ((Number) reply.get(1)).intValue(), verified);
    }

    /** Display names from claims {@code JOINED-ID TAB NODE TAB TOKEN TAB NAME}, oldest join first. */
    static List<String> members(List<?> claims) {
        return roster(claims).names();
    }

    /** The same, with which of them are signed-in members'. */
    static Roster roster(List<?> claims) {
        record Claim(EventId joined, String display) {
        }
        List<Claim> parsed = new ArrayList<>();
        for (Object claim : claims) {
            String[] fields = ((String) claim).split("\t", 4);
            parsed.add(new Claim(id(fields[0]), fields[3]));
        }
        parsed.sort(Comparator.comparing(Claim::joined));
        Set<String> verified = new HashSet<>();
        for (Claim claim : parsed) {
            if (RedisNames.verified(claim.display())) {
                verified.add(RedisNames.name(claim.display()));
            }
        }
        return new Roster(parsed.stream().map(claim -> RedisNames.name(claim.display())).toList(), verified);
    }

    /** The answer to {@code rooms}: room, minus its count, room, … busiest first. */
    static List<RoomList.Entry> rooms(List<?> reply) {
        List<RoomList.Entry> rooms = new ArrayList<>(reply.size() / 2);
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            rooms.add(new RoomList.Entry((String) reply.get(i), -Integer.parseInt((String) reply.get(i + 1))));
        }
        return rooms;
    }

    /** A stream entry {@code {id, {from, NAME, text, TEXT, at, MS}}}, with {@code action, 1} after that for an action. */
    private static ChatEvent.Message message(String room, List<?> entry) {
        EventId id = id((String) entry.get(0));
        List<?> fields = (List<?>) entry.get(1);
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            values.put((String) fields.get(i), (String) fields.get(i + 1));
        }
        String from = values.get("from");
        return new ChatEvent.Message(id, room, RedisNames.name(from), values.get("text"),
                Instant.ofEpochMilli(Long.parseLong(values.get("at"))), RedisNames.verified(from), "1".equals(values.get("action")));
    }

    private static EventId id(String text) {
        return EventId.parse(text).orElseThrow(() -> new IllegalStateException("not an event id from Redis: " + text));
    }
}

package org.websocketchat.relay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.MembersPage;

/** Reads what {@code chat.lua} answers, as Lettuce hands it over (nested lists of strings and numbers). */
final class Replies {

    /**
     * A newcomer let in: the name it got, the id of its {@code joined} event, whether the history
     * continues its {@code since}, who is in the room (in the order they joined; none named when
     * the room is crowded), the history, how many are in the room and whether it is crowded.
     */
    record Admission(String given, EventId joined, boolean resumed, List<String> members, List<ChatEvent.Message> history,
            int count, boolean crowded) {
    }

    private Replies() {
    }

    /** The answer to {@code join}: {@code {display, id, resumed, claims, stream entries, count, crowded}}. */
    static Admission admission(String room, List<?> reply) {
        String given = (String) reply.get(0);
        EventId joined = id((String) reply.get(1));
        boolean resumed = ((Number) reply.get(2)).longValue() == 1;
        List<String> members = members((List<?>) reply.get(3));
        List<ChatEvent.Message> history = new ArrayList<>();
        for (Object entry : (List<?>) reply.get(4)) {
            history.add(message(room, (List<?>) entry));
        }
        int count = ((Number) reply.get(5)).intValue();
        boolean crowded = ((Number) reply.get(6)).longValue() == 1;
        return new Admission(given, joined, resumed, members, history, count, crowded);
    }

    /**
     * The answer to {@code page}: {@code {claims, count}}, the claims in name-key order and one
     * more than {@code limit} if more follow.
     */
    static MembersPage page(String room, List<?> reply, int limit) {
        List<?> claims = (List<?>) reply.get(0);
        List<String> names = new ArrayList<>(Math.min(limit, claims.size()));
        for (Object claim : claims.subList(0, Math.min(limit, claims.size()))) {
            names.add(((String) claim).split("\t", 4)[3]);
        }
        Optional<String> next = claims.size() > limit ? Optional.of(names.get(names.size() - 1)) : Optional.empty();
        return new MembersPage(room, names, next, ((Number) reply.get(1)).intValue());
    }

    /** Display names from claims {@code JOINED-ID TAB NODE TAB TOKEN TAB NAME}, oldest join first. */
    static List<String> members(List<?> claims) {
        record Claim(EventId joined, String name) {
        }
        List<Claim> parsed = new ArrayList<>();
        for (Object claim : claims) {
            String[] fields = ((String) claim).split("\t", 4);
            parsed.add(new Claim(id(fields[0]), fields[3]));
        }
        parsed.sort(Comparator.comparing(Claim::joined));
        return parsed.stream().map(Claim::name).toList();
    }

    /** A stream entry {@code {id, {from, NAME, text, TEXT, at, MS}}}. */
    private static ChatEvent.Message message(String room, List<?> entry) {
        EventId id = id((String) entry.get(0));
        List<?> fields = (List<?>) entry.get(1);
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            values.put((String) fields.get(i), (String) fields.get(i + 1));
        }
        return new ChatEvent.Message(id, room, values.get("from"), values.get("text"),
                Instant.ofEpochMilli(Long.parseLong(values.get("at"))));
    }

    private static EventId id(String text) {
        return EventId.parse(text).orElseThrow(() -> new IllegalStateException("not an event id from Redis: " + text));
    }
}

package org.websocketchat.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.websocketchat.control.Archive;
import org.websocketchat.control.Connection;
import org.websocketchat.control.Mail;
import org.websocketchat.control.Seat;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.DirectMessage;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.HistoryPage;
import org.websocketchat.entity.ServerFrame;

/**
 * A database behind Redis ({@code chat.store=jdbc} with {@code chat.relay=redis}): the database is
 * the durable log, Redis' stream of each room the recent window, in one order of ids.
 *
 * <p>A message is stored before anyone hears it: chat.lua reserves its id ({@code reserve}) and
 * holds it back, with every later event of its room, while this node stores it; then this node
 * says it is stored ({@code stored}) and chat.lua publishes the room's held events in id order.
 * So any node may write, and every node still hears the room in id order. A room's messages are
 * written in batches on each node ({@link #queue}); appending an id twice keeps one row
 * ({@link Archive#append}). A node that dies while storing holds its room up for {@link #HOLD}
 * at most; a message stored that late is in the database but was never heard (it shows in
 * scrollback), and its sender was told it failed.
 */
final class StoredMessages {

    /** Longer than a store's statement timeout and a queue of batches before it: only a node gone lets a hold lapse. */
    static final Duration HOLD = Duration.ofSeconds(15);
    private static final String WHAT = "a message";

    private final RedisRelay relay;
    private final Archive archive;
    private final int historySize;
    /** Per room with a batch being written on this node, the messages reserved since, for the next. */
    private final Map<String, List<Reserved>> waiting = new HashMap<>();

    StoredMessages(RedisRelay relay, Archive archive, int historySize) {
        this.relay = relay;
        this.archive = archive;
        this.historySize = historySize;
    }

    boolean keeps() {
        return archive.keeps();
    }

    /** Why {@code /health/ready} is 503: the database does not answer. */
    Optional<String> unreachable() {
        return archive.reachable() ? Optional.empty() : Optional.of("store unreachable");
    }

    /** Keeps a direct message between two signed-in users; false if the database cannot now. Runs on the caller's thread. */
    boolean keepDirect(DirectMessage message) {
        try {
            archive.appendDirect(Mail.pair(message.from(), message.to()), message);
            return true;
        } catch (Archive.Unavailable e) {
            return false;
        }
    }

    /** A signed-in asker's kept conversation, from the database. Runs on the caller's thread. */
    ServerFrame conversation(String asker, ClientCommand.Dms request) {
        return Mail.archived(archive, historySize, asker, request);
    }

    /** Marks a kept message deleted by moderator {@code by}; false if the database does not keep it. Runs on the caller's thread. */
    boolean delete(String room, EventId id, String by) {
        return archive.keeps() && archive.delete(room, id, by);
    }

    /** Reserves, stores, then releases the message; {@code sender} is told if it cannot be stored. Without waiting. */
    void say(String room, Seat seat, Connection sender, String text, boolean action) {
        if (!archive.reachable()) {
            sender.tell(ErrorReply.unavailable(room, WHAT));
            return;
        }
        relay.tell("reserve", List.of(room, relay.node(), seat.token(), RedisRoom.key(seat), text, Integer.toString(historySize),
                action ? "action" : "message", Long.toString(HOLD.toMillis())), reply -> {
                    List<?> reserved = (List<?>) reply;
                    if (reserved.isEmpty()) {
                        // Not a member any more, or muted: chat.lua told the node so by an event of its own.
                        return;
                    }
                    String from = (String) reserved.get(2);
                    ChatEvent.Message message = new ChatEvent.Message(EventId.parse((String) reserved.get(0)).orElseThrow(), room,
                            RedisNames.name(from), text, Instant.ofEpochMilli(Long.parseLong((String) reserved.get(1))),
                            RedisNames.verified(from), action);
                    queue(new Reserved(message, sender));
                }, () -> { });
    }

    /** A message reserved in Redis, waiting to be stored, and who said it. */
    private record Reserved(ChatEvent.Message message, Connection sender) {
    }

    /**
     * Stores the message at once if its room has no batch being written on this node, else with
     * the next: all that queued meanwhile, in one transaction. So a busy room pays a commit per
     * batch, not per message, as in one JVM (control.Journal).
     */
    private void queue(Reserved reserved) {
        String room = reserved.message().room();
        boolean first;
        synchronized (waiting) {
            List<Reserved> queued = waiting.get(room);
            first = queued == null;
            if (first) {
                waiting.put(room, new ArrayList<>());
            } else {
                queued.add(reserved);
            }
        }
        if (first) {
            write(room, List.of(reserved));
        }
    }

    private void write(String room, List<Reserved> batch) {
        archive.append(batch.stream().map(Reserved::message).toList(), durable -> {
            release(room, batch, durable);
            List<Reserved> next;
            synchronized (waiting) {
                next = waiting.remove(room);
                if (!next.isEmpty()) {
                    waiting.put(room, new ArrayList<>());
                }
            }
            if (!next.isEmpty()) {
                write(room, next);
            }
        });
    }

    /** Tells chat.lua the batch is stored (or not); each sender hears of a failure, or of a hold that lapsed meanwhile. */
    private void release(String room, List<Reserved> batch, boolean durable) {
        List<String> args = new ArrayList<>(List.of(room, relay.node(), durable ? "1" : "0"));
        batch.forEach(reserved -> args.add(reserved.message().id().toString()));
        relay.tell("stored", args, reply -> {
            List<?> heard = (List<?>) reply;
            for (int i = 0; i < batch.size(); i++) {
                if (!durable || ((Number) heard.get(i)).longValue() == 0) {
                    batch.get(i).sender().tell(ErrorReply.unavailable(room, WHAT));
                }
            }
        }, () -> { });
    }

    /**
     * What a newcomer reads: Redis' window, and before it what the database keeps that the window
     * lost (the messages after {@code since}, when the database keeps that id, else enough of the
     * newest to fill the history). Held messages are left out: they come when released. Runs on
     * the caller's thread; may throw {@link Archive.Unavailable}.
     */
    Admitted fill(String room, Optional<EventId> since, Replies.Admission admission) {
        List<ChatEvent.Message> window = admission.history();
        if (admission.resumed() || (since.isEmpty() && window.size() >= historySize)) {
            return new Admitted(window, admission.resumed());
        }
        EventId bound = window.isEmpty() ? admission.joined() : window.get(0).id();
        Set<EventId> held = admission.awaited();
        Optional<List<ChatEvent.Message>> after = since.flatMap(id -> archive.after(room, id, Archive.MAX_RESUME));
        List<ChatEvent.Message> older = after.orElseGet(() -> archive.before(room, Optional.of(bound), historySize).messages());
        List<ChatEvent.Message> history = new ArrayList<>();
        older.stream().filter(message -> message.id().compareTo(bound) < 0 && !held.contains(message.id())).forEach(history::add);
        history.addAll(window);
        if (after.isEmpty()) {
            history = history.subList(Math.max(0, history.size() - historySize), history.size());
        }
        return new Admitted(List.copyOf(history), after.isPresent());
    }

    /** The history a newcomer is sent, and whether it continues its {@code since}. */
    record Admitted(List<ChatEvent.Message> history, boolean resumed) {
    }

    /** One page of scrollback, from the database, or the error that it cannot be read now. Runs on the caller's thread. */
    ServerFrame page(String room, Optional<EventId> before, int limit) {
        try {
            Archive.Page page = archive.before(room, before, limit);
            return new HistoryPage(room, page.messages(), page.more());
        } catch (Archive.Unavailable e) {
            return ErrorReply.unavailable(room, "history");
        }
    }
}

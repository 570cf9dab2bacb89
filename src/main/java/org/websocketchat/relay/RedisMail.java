package org.websocketchat.relay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.lettuce.core.ScriptOutputType;

import org.websocketchat.control.Connection;
import org.websocketchat.control.DisplayNames;
import org.websocketchat.control.Mail;
import org.websocketchat.control.Room;
import org.websocketchat.control.SignedInConnections;
import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.Conversation;
import org.websocketchat.entity.DirectMessage;
import org.websocketchat.entity.ErrorCode;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.EventId;

/**
 * The {@link Mail} of the Redis relay. {@code chat.lua} (op {@code dm}) finds the recipient on
 * any node (a signed-in user through the index of who holds claims, a guest through the rooms of
 * the sender), numbers the message, keeps it where both are signed in, and publishes it; each node
 * hands it to its own connections of either side ({@link #dispatch}). With a database, one that is
 * kept is stored there instead, before it is published ({@link #sendKept}), and read from there. Nothing is delivered here
 * directly, not even to the sender, as with rooms. Answers come on Lettuce's event loop.
 */
final class RedisMail implements Mail {

    /** The fields of a published {@code dm}, in chat.lua's order. */
    private enum Field {
        KIND, ID, ROOM, AT, FROM, FROM_VERIFIED, FROM_KEY, TO, TO_VERIFIED, TO_KEY, GUEST_NODE, GUEST_ROOM, GUEST_TOKEN, SENDER_NODE,
        SENDER_ROOM, SENDER_TOKEN, TEXT
    }

    private final RedisRelay relay;
    private final StoredMessages stored;
    /** How many messages of a kept conversation Redis holds without a database. */
    private final int historySize;
    private final SignedInConnections signedIn = new SignedInConnections();

    RedisMail(RedisRelay relay, StoredMessages stored, int historySize) {
        this.relay = relay;
        this.stored = stored;
        this.historySize = historySize;
    }

    @Override
    public SignedInConnections signedIn() {
        return signedIn;
    }

    @Override
    public void send(Connection sender, ClientCommand.Dm dm, List<Room> rooms) {
        boolean verified = sender.identity().verified();
        List<String> args = new ArrayList<>(List.of(relay.node(), DisplayNames.key(sender.name()), sender.name(), verified ? "1" : "0",
                DisplayNames.key(dm.to()), dm.text(), Integer.toString(historySize)));
        for (Room room : rooms) {
            if (room instanceof RedisRoom shared) {
                shared.here().seat(sender).ifPresent(seat -> args.addAll(List.of(shared.name(), RedisRoom.key(seat), seat.token())));
            }
        }
        if (stored.keeps() && verified) {
            sendKept(sender, dm, args);
            return;
        }
        relay.tell("dm", args, answer -> {
            if (((Number) ((List<?>) answer).get(0)).longValue() == 0) {
                sender.tell(Mail.noSuchUser(dm.to()));
            }
        }, () -> sender.tell(new ErrorReply(ErrorCode.UNAVAILABLE, RedisRelay.UNAVAILABLE)));
    }

    /**
     * With a database: a message between two signed-in users is stored before it is published, on
     * the sender's thread, as the in-JVM relay does; others go as without one. A node that dies
     * between the two leaves a message stored that nobody heard.
     */
    private void sendKept(Connection sender, ClientCommand.Dm dm, List<String> args) {
        List<String> all = new ArrayList<>(List.of("dmhold", RedisRelay.PREFIX));
        all.addAll(args);
        List<?> reply;
        try {
            reply = relay.ask(ScriptOutputType.MULTI, all.toArray(String[]::new));
        } catch (RelayUnavailableException e) {
            sender.tell(new ErrorReply(ErrorCode.UNAVAILABLE, RedisRelay.UNAVAILABLE));
            return;
        }
        long outcome = ((Number) reply.get(0)).longValue();
        if (outcome == 0) {
            sender.tell(Mail.noSuchUser(dm.to()));
        } else if (outcome == 2) {
            String payload = (String) reply.get(1);
            if (stored.keepDirect(message(payload.split("\t", Field.values().length)))) {
                relay.tell("release", List.of(payload), released -> { }, () -> { });
            } else {
                sender.tell(Mail.notStored());
            }
        }
    }

    @Override
    public void conversation(Connection asker, ClientCommand.Dms request) {
        if (!asker.identity().verified()) {
            asker.tell(new ErrorReply(ErrorCode.FORBIDDEN, GUESTS_KEEP_NOTHING));
            return;
        }
        if (stored.keeps()) {
            asker.tell(stored.conversation(asker.name(), request));
            return;
        }
        List<String> args = List.of(DisplayNames.key(asker.name()), DisplayNames.key(request.with()), request.since().orElse(""));
        relay.tell("dms", args, answer -> {
            List<?> reply = (List<?>) answer;
            List<DirectMessage> messages = new ArrayList<>();
            for (Object entry : (List<?>) reply.get(1)) {
                messages.add(kept((List<?>) entry));
            }
            asker.tell(new Conversation(request.with(), messages, ((Number) reply.get(0)).longValue() == 1));
        }, () -> asker.tell(new ErrorReply(ErrorCode.UNAVAILABLE, RedisRelay.UNAVAILABLE)));
    }

    /** A published {@code dm}: to this node's connections of the recipient and of the sender. */
    void dispatch(String payload) {
        String[] fields = payload.split("\t", Field.values().length);
        DirectMessage message = message(fields);
        Set<String> signedInSides = new HashSet<>();
        if ("1".equals(fields[Field.TO_VERIFIED.ordinal()])) {
            signedInSides.add(fields[Field.TO_KEY.ordinal()]);
        }
        if (message.verified()) {
            signedInSides.add(fields[Field.FROM_KEY.ordinal()]);
        }
        signedIn.tell(message, signedInSides);
        tellGuest(fields[Field.GUEST_NODE.ordinal()], fields[Field.GUEST_ROOM.ordinal()], fields[Field.GUEST_TOKEN.ordinal()], message);
        tellGuest(fields[Field.SENDER_NODE.ordinal()], fields[Field.SENDER_ROOM.ordinal()], fields[Field.SENDER_TOKEN.ordinal()], message);
    }

    private static DirectMessage message(String[] fields) {
        return new DirectMessage(EventId.parse(fields[Field.ID.ordinal()]).orElseThrow(), fields[Field.FROM.ordinal()],
                fields[Field.TO.ordinal()], fields[Field.TEXT.ordinal()], Instant.ofEpochMilli(Long.parseLong(fields[Field.AT.ordinal()])),
                "1".equals(fields[Field.FROM_VERIFIED.ordinal()]));
    }

    private void tellGuest(String node, String room, String token, DirectMessage message) {
        if (relay.node().equals(node)) {
            relay.shared(room).ifPresent(shared -> shared.here().tellOne(token, message));
        }
    }

    /** A kept entry {@code {id, {from, NAME, to, NAME, text, TEXT, at, MS}}}: both sides signed in. */
    private static DirectMessage kept(List<?> entry) {
        List<?> fields = (List<?>) entry.get(1);
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            values.put((String) fields.get(i), (String) fields.get(i + 1));
        }
        return new DirectMessage(EventId.parse((String) entry.get(0)).orElseThrow(), values.get("from"), values.get("to"),
                values.get("text"), Instant.ofEpochMilli(Long.parseLong(values.get("at"))), true);
    }

}

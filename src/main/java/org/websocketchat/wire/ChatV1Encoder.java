package org.websocketchat.wire;

import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.websocket.Encoder;

import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.Conversation;
import org.websocketchat.entity.DirectMessage;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.Goodbye;
import org.websocketchat.entity.HistoryPage;
import org.websocketchat.entity.MembersPage;
import org.websocketchat.entity.Moderation;
import org.websocketchat.entity.Presence;
import org.websocketchat.entity.RoomList;
import org.websocketchat.entity.ServerFrame;
import org.websocketchat.entity.Typing;
import org.websocketchat.entity.Welcome;

/**
 * Writes a server frame as a {@code chat.v1} JSON object. Text is never HTML-escaped here: JSON
 * clients render it as text. Times are ISO-8601 UTC with milliseconds.
 */
public final class ChatV1Encoder implements Encoder.Text<ServerFrame> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final JsonProvider json;

    public ChatV1Encoder() {
        this(JsonProvider.provider());
    }

    ChatV1Encoder(JsonProvider json) {
        this.json = json;
    }

    @Override
    public String encode(ServerFrame frame) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            if (frame instanceof ChatEvent.Message message) {
                message(g, message);
            } else if (frame instanceof HistoryPage page) {
                g.write("type", "history").write("room", page.room()).writeStartArray("messages");
                page.messages().forEach(message -> message(g.writeStartObject(), message).writeEnd());
                g.writeEnd().write("more", page.more());
            } else if (frame instanceof ChatEvent.Joined joined) {
                verified(event(g, "joined", joined).write("name", joined.name()), joined.verified()).write("at", time(joined.at()));
            } else if (frame instanceof ChatEvent.Left left) {
                verified(event(g, "left", left).write("name", left.name()), left.verified()).write("at", time(left.at()));
            } else if (frame instanceof Welcome welcome) {
                g.write("type", "welcome").write("you", welcome.you()).write("verified", welcome.verified())
                        .write("room", welcome.room());
                // A small room's welcome stays as it was before crowded rooms: no count beside the list.
                if (welcome.listed()) {
                    names(g, "members", welcome.members());
                    verifiedAmong(g, "verifiedMembers", welcome.members(), welcome.verifiedMembers());
                } else {
                    g.write("count", welcome.count());
                }
                g.write("resumed", welcome.resumed());
                if (welcome.moderator()) {
                    g.write("moderator", true);
                }
            } else if (frame instanceof Presence.Update update) {
                g.write("type", "presence").write("room", update.room()).write("count", update.count());
                g.write("joins", update.joins()).write("leaves", update.leaves());
                names(g, "joined", update.joined());
                names(g, "left", update.left());
                verifiedAmong(g, "verifiedJoined", update.joined(), update.verifiedJoined());
                verifiedAmong(g, "verifiedLeft", update.left(), update.verifiedLeft());
            } else if (frame instanceof Presence.Everyone everyone) {
                g.write("type", "presence").write("room", everyone.room()).write("count", everyone.count());
                names(g, "members", everyone.members());
                verifiedAmong(g, "verifiedMembers", everyone.members(), everyone.verified());
            } else if (frame instanceof MembersPage page) {
                g.write("type", "members").write("room", page.room());
                names(g, "names", page.names());
                verifiedAmong(g, "verifiedNames", page.names(), page.verified());
                if (page.next().isPresent()) {
                    g.write("next", page.next().get());
                } else {
                    g.writeNull("next");
                }
                g.write("count", page.count());
            } else if (frame instanceof Moderation.Notice notice) {
                g.write("type", "moderation").write("room", notice.room()).write("action", notice.action().wireName())
                        .write("name", notice.name()).write("by", notice.by());
                if (notice.action().timed()) {
                    g.write("seconds", notice.duration().toSeconds());
                }
                if (!notice.reason().isEmpty()) {
                    g.write("reason", notice.reason());
                }
            } else if (frame instanceof Moderation.Deleted deleted) {
                g.write("type", "deleted").write("room", deleted.room()).write("id", deleted.id().toString()).write("by", deleted.by());
            } else if (frame instanceof RoomList list) {
                g.write("type", "rooms").writeStartArray("rooms");
                list.rooms().forEach(entry -> g.writeStartObject().write("room", entry.room()).write("members", entry.members()).writeEnd());
                g.writeEnd();
            } else if (frame instanceof Typing typing) {
                verified(g.write("type", "typing").write("room", typing.room()).write("name", typing.name()), typing.verified());
            } else if (frame instanceof DirectMessage dm) {
                direct(g, dm);
            } else if (frame instanceof Conversation conversation) {
                g.write("type", "dms").write("with", conversation.with()).writeStartArray("messages");
                conversation.messages().forEach(dm -> direct(g.writeStartObject(), dm).writeEnd());
                g.writeEnd().write("resumed", conversation.resumed());
            } else if (frame instanceof Goodbye goodbye) {
                g.write("type", "goodbye").write("room", goodbye.room());
                goodbye.reason().ifPresent(reason -> g.write("reason", reason));
            } else if (frame instanceof ErrorReply error) {
                g.write("type", "error").write("code", error.code().wireName()).write("message", error.message());
                error.room().ifPresent(room -> g.write("room", room));
            }
            g.writeEnd();
        }
        return out.toString();
    }

    private static JsonGenerator message(JsonGenerator g, ChatEvent.Message message) {
        verified(event(g, "message", message).write("from", message.from()), message.verified()).write("text", message.text());
        if (message.action()) {
            g.write("action", true);
        }
        return g.write("at", time(message.at()));
    }

    private static JsonGenerator direct(JsonGenerator g, DirectMessage dm) {
        g.write("type", "dm").write("id", dm.id().toString()).write("from", dm.from());
        return verified(g, dm.verified()).write("to", dm.to()).write("text", dm.text()).write("at", time(dm.at()));
    }

    private static JsonGenerator event(JsonGenerator g, String type, ChatEvent event) {
        return g.write("type", type).write("id", event.id().toString()).write("room", event.room());
    }

    /** {@code "verified":true} beside a signed-in member's name; a guest's name stands alone. */
    private static JsonGenerator verified(JsonGenerator g, boolean verified) {
        return verified ? g.write("verified", true) : g;
    }

    /** Beside a list of names, those of signed-in members, in the list's order; left out when there are none. */
    private static void verifiedAmong(JsonGenerator g, String key, List<String> names, Set<String> verified) {
        if (!verified.isEmpty()) {
            names(g, key, names.stream().filter(verified::contains).toList());
        }
    }

    private static void names(JsonGenerator g, String key, List<String> names) {
        g.writeStartArray(key);
        names.forEach(g::write);
        g.writeEnd();
    }

    private static String time(Instant at) {
        return TIME.format(at);
    }
}

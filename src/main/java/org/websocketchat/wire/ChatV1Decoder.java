package org.websocketchat.wire;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.websocket.Decoder;

import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.Moderation;

/**
 * Reads a {@code chat.v1} client frame: one JSON object with a {@code type}. Every text frame
 * decodes; one that is not a valid command becomes {@link ClientCommand.Malformed}, which the
 * server answers with a {@code bad_request} error while the connection stays open.
 */
public final class ChatV1Decoder implements Decoder.Text<ClientCommand> {

    private static final String ROOM = "\"room\" must be a room name";

    private final JsonProvider json;

    public ChatV1Decoder() {
        this(JsonProvider.provider());
    }

    ChatV1Decoder(JsonProvider json) {
        this.json = json;
    }

    @Override
    public ClientCommand decode(String frame) {
        JsonValue value;
        try (JsonParser parser = json.createParser(new StringReader(frame))) {
            if (!parser.hasNext()) {
                return new ClientCommand.Malformed("invalid JSON");
            }
            parser.next();
            value = parser.getValue();
            // One value per frame: a reader would silently drop whatever follows it.
            if (parser.hasNext()) {
                return new ClientCommand.Malformed("invalid JSON");
            }
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            return new ClientCommand.Malformed("invalid JSON");
        }
        if (!(value instanceof JsonObject command)) {
            return new ClientCommand.Malformed("expected a JSON object with a \"type\"");
        }
        JsonValue type = command.get("type");
        if (!(type instanceof JsonString typeName)) {
            return new ClientCommand.Malformed("missing \"type\"");
        }
        return switch (typeName.getString()) {
            case "say" -> say(command);
            case "members" -> members(command);
            case "typing" -> typing(command);
            case "rooms" -> new ClientCommand.Rooms();
            case "join" -> join(command);
            case "dm" -> dm(command);
            case "dms" -> dms(command);
            case "history" -> history(command);
            case "nick" -> command.get("name") instanceof JsonString name ? new ClientCommand.Nick(name.getString())
                    : new ClientCommand.Malformed("\"nick\" needs a string \"name\"");
            case "leave" -> command.get("room") instanceof JsonString room ? new ClientCommand.Leave(room.getString())
                    : new ClientCommand.Malformed("\"leave\" needs a string \"room\"");
            case "kick", "mute", "ban", "unban", "delete" -> ModerationRequests.fromJson(command,
                    Moderation.Action.valueOf(typeName.getString().toUpperCase(Locale.ROOT)));
            default -> new ClientCommand.Malformed("unknown type \"" + abbreviate(typeName.getString()) + "\"");
        };
    }

    private static ClientCommand say(JsonObject command) {
        if (!(command.get("text") instanceof JsonString text)) {
            return new ClientCommand.Malformed("\"say\" needs a string \"text\"");
        }
        JsonValue.ValueType action = command.getOrDefault("action", JsonValue.FALSE).getValueType();
        if (action != JsonValue.ValueType.TRUE && action != JsonValue.ValueType.FALSE) {
            return new ClientCommand.Malformed("\"action\" must be true or false");
        }
        if (!optionalString(command, "room")) {
            return new ClientCommand.Malformed(ROOM);
        }
        return new ClientCommand.Say(text.getString(), action == JsonValue.ValueType.TRUE, optional(command, "room"));
    }

    /** {@code since} absent or null: the room's history; an id nobody issued: the same. */
    private static ClientCommand join(JsonObject command) {
        if (!(command.get("room") instanceof JsonString room)) {
            return new ClientCommand.Malformed("\"join\" needs a string \"room\"");
        }
        if (!optionalString(command, "since")) {
            return new ClientCommand.Malformed("\"since\" must be an event id or null");
        }
        return new ClientCommand.Join(room.getString(), optional(command, "since"), false);
    }

    private static ClientCommand dm(JsonObject command) {
        if (!(command.get("to") instanceof JsonString to) || !(command.get("text") instanceof JsonString text)) {
            return new ClientCommand.Malformed("\"dm\" needs a string \"to\" and a string \"text\"");
        }
        if (!optionalString(command, "room")) {
            return new ClientCommand.Malformed(ROOM);
        }
        return new ClientCommand.Dm(to.getString(), text.getString(), optional(command, "room"));
    }

    private static ClientCommand dms(JsonObject command) {
        if (!(command.get("with") instanceof JsonString with)) {
            return new ClientCommand.Malformed("\"dms\" needs a string \"with\"");
        }
        if (!optionalString(command, "since")) {
            return new ClientCommand.Malformed("\"since\" must be an event id or null");
        }
        return new ClientCommand.Dms(with.getString(), optional(command, "since"));
    }

    /**
     * {@code room} absent or null: the sender's first; {@code before} absent or null: the newest;
     * {@code limit} absent or null: {@value ClientCommand.History#DEFAULT_LIMIT}, above
     * {@value ClientCommand.History#MAX_LIMIT}: that many.
     */
    private static ClientCommand history(JsonObject command) {
        if (!optionalString(command, "room")) {
            return new ClientCommand.Malformed(ROOM);
        }
        JsonValue before = command.getOrDefault("before", JsonValue.NULL);
        Optional<EventId> id = before instanceof JsonString text ? EventId.parse(text.getString()) : Optional.empty();
        if (before != JsonValue.NULL && id.isEmpty()) {
            return new ClientCommand.Malformed("\"before\" must be a message id or null");
        }
        JsonValue limit = command.getOrDefault("limit", JsonValue.NULL);
        int size = ClientCommand.History.DEFAULT_LIMIT;
        if (limit != JsonValue.NULL) {
            if (!(limit instanceof JsonNumber number) || !number.isIntegral() || number.bigDecimalValue().compareTo(BigDecimal.ONE) < 0) {
                return new ClientCommand.Malformed("\"limit\" must be a whole number from 1 (more than "
                        + ClientCommand.History.MAX_LIMIT + " counts as " + ClientCommand.History.MAX_LIMIT + ")");
            }
            size = number.bigDecimalValue().min(BigDecimal.valueOf(ClientCommand.History.MAX_LIMIT)).intValue();
        }
        return new ClientCommand.History(optional(command, "room"), id, size);
    }

    /** {@code room} absent or null: the sender's first. */
    private static ClientCommand typing(JsonObject command) {
        if (!optionalString(command, "room")) {
            return new ClientCommand.Malformed(ROOM);
        }
        return new ClientCommand.Typing(optional(command, "room"));
    }

    /** Whether {@code field} is absent, null or a string. */
    private static boolean optionalString(JsonObject command, String field) {
        JsonValue value = command.getOrDefault(field, JsonValue.NULL);
        return value == JsonValue.NULL || value instanceof JsonString;
    }

    private static Optional<String> optional(JsonObject command, String field) {
        return command.get(field) instanceof JsonString value ? Optional.of(value.getString()) : Optional.empty();
    }

    /** {@code after} absent or null: from the first; {@code limit} absent or null: the default. */
    private static ClientCommand members(JsonObject command) {
        JsonValue after = command.getOrDefault("after", JsonValue.NULL);
        if (after != JsonValue.NULL && !(after instanceof JsonString)) {
            return new ClientCommand.Malformed("\"after\" must be a name or null");
        }
        JsonValue limit = command.getOrDefault("limit", JsonValue.NULL);
        int pageSize = ClientCommand.Members.DEFAULT_LIMIT;
        if (limit != JsonValue.NULL) {
            BigDecimal max = BigDecimal.valueOf(ClientCommand.Members.MAX_LIMIT);
            if (!(limit instanceof JsonNumber number) || !number.isIntegral()
                    || number.bigDecimalValue().compareTo(BigDecimal.ONE) < 0 || number.bigDecimalValue().compareTo(max) > 0) {
                return new ClientCommand.Malformed("\"limit\" must be a whole number from 1 to " + max);
            }
            pageSize = number.intValue();
        }
        if (!optionalString(command, "room")) {
            return new ClientCommand.Malformed(ROOM);
        }
        Optional<String> from = after instanceof JsonString name ? Optional.of(name.getString()) : Optional.empty();
        return new ClientCommand.Members(from, pageSize, optional(command, "room"));
    }

    @Override
    public boolean willDecode(String frame) {
        return true;
    }

    /** At most 32 characters, cut between code points so no half of a surrogate pair is sent. */
    private static String abbreviate(String text) {
        return text.codePointCount(0, text.length()) <= 32 ? text : text.substring(0, text.offsetByCodePoints(0, 32)) + "…";
    }
}

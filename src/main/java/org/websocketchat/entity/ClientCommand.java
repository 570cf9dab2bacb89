package org.websocketchat.entity;

import java.util.Optional;

/** What a client asked for with one text frame. */
public sealed interface ClientCommand permits ClientCommand.Say, ClientCommand.Members, ClientCommand.Help, ClientCommand.Typing, ClientCommand.Rooms,
        ClientCommand.Malformed, Moderation.Request {

    /**
     * Post {@code text} to the sender's room; an {@code action} is said of the sender in the third
     * person ({@code /me waves}: {@code * ana waves}).
     */
    record Say(String text, boolean action) implements ClientCommand {

        /** An ordinary message. */
        public Say(String text) {
            this(text, false);
        }
    }

    /** I am typing in {@code room} (my room when empty). */
    record Typing(Optional<String> room) implements ClientCommand {
    }

    /** Tell me the rooms in use ({@link RoomList}). */
    record Rooms() implements ClientCommand {
    }

    /** Tell me the commands (plain mode's {@code /help}). */
    record Help() implements ClientCommand {
    }

    /**
     * Send me the room's members after {@code after} (from the first when empty), sorted
     * case-insensitively, at most {@code limit} of them (1 to {@value #MAX_LIMIT}).
     */
    record Members(Optional<String> after, int limit) implements ClientCommand {

        public static final int DEFAULT_LIMIT = 100;
        /** Bounds the work and the frame one request may cause. */
        public static final int MAX_LIMIT = 500;

        public Members {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit " + limit + " is not from 1 to " + MAX_LIMIT);
            }
        }
    }

    /** A frame that could not be understood; {@code reason} is safe to show to the client. */
    record Malformed(String reason) implements ClientCommand {
    }
}

package org.websocketchat.entity;

import java.util.Optional;

/** What a client asked for with one text frame. */
public sealed interface ClientCommand permits ClientCommand.Say, ClientCommand.Members, ClientCommand.Help, ClientCommand.Typing, ClientCommand.Rooms,
        ClientCommand.Join, ClientCommand.Leave, ClientCommand.Dm, ClientCommand.Dms, ClientCommand.History, ClientCommand.Nick, ClientCommand.Malformed, Moderation.Request {

    /**
     * Post {@code text} to {@code room} (the sender's first room when empty); an {@code action} is
     * said of the sender in the third person ({@code /me waves}: {@code * ana waves}).
     */
    record Say(String text, boolean action, Optional<String> room) implements ClientCommand {

        /** An ordinary message to the first room. */
        public Say(String text) {
            this(text, false, Optional.empty());
        }

        /** To the first room. */
        public Say(String text, boolean action) {
            this(text, action, Optional.empty());
        }
    }

    /**
     * Join {@code room} besides the rooms I am in, resuming after {@code since} if it is given; or,
     * when {@code moving} (plain mode's {@code /join}, whose lines name no room), instead of them.
     */
    record Join(String room, Optional<String> since, boolean moving) implements ClientCommand {
    }

    /** Leave {@code room}; the connection stays open, in its other rooms or in none. */
    record Leave(String room) implements ClientCommand {
    }

    /**
     * Send {@code text} to {@code to} alone: a signed-in user of that name, or else the guest of that
     * name in one of my rooms ({@code room} when given).
     */
    record Dm(String to, String text, Optional<String> room) implements ClientCommand {
    }

    /** Call me {@code name} from now on, in every room I am in (a guest's request). */
    record Nick(String name) implements ClientCommand {
    }

    /** Send me my kept conversation with {@code with}, after {@code since} if it is given. */
    record Dms(String with, Optional<String> since) implements ClientCommand {
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
     * Send me the members of {@code room} (my first room when empty) after {@code after} (from the
     * first when empty), sorted case-insensitively, at most {@code limit} of them (1 to {@value #MAX_LIMIT}).
     */
    record Members(Optional<String> after, int limit, Optional<String> room) implements ClientCommand {

        public static final int DEFAULT_LIMIT = 100;
        /** Bounds the work and the frame one request may cause. */
        public static final int MAX_LIMIT = 500;

        public Members {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit " + limit + " is not from 1 to " + MAX_LIMIT);
            }
        }

        /** Of the first room. */
        public Members(Optional<String> after, int limit) {
            this(after, limit, Optional.empty());
        }
    }

    /**
     * Send me up to {@code limit} messages of {@code room} (my first room when empty) older than
     * {@code before} (the newest kept when empty), oldest first: scrollback.
     */
    record History(Optional<String> room, Optional<EventId> before, int limit) implements ClientCommand {

        public static final int DEFAULT_LIMIT = 50;
        /** A larger limit is cut to this: it bounds the frame and the database's work for one request. */
        public static final int MAX_LIMIT = 200;

        public History {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit " + limit + " is not from 1 to " + MAX_LIMIT);
            }
        }
    }

    /** A frame that could not be understood; {@code reason} is safe to show to the client. */
    record Malformed(String reason) implements ClientCommand {
    }
}

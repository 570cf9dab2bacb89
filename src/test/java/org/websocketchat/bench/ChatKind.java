package org.websocketchat.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Which chat server a benchmark client talks to, and so how it joins. Messages are read the same
 * way from both ({@link Stamp}); only joining differs.
 */
enum ChatKind {

    /** This project's WAR in plain mode: name and room in the query, welcomed by {@code * you are …}, refused by {@code ! …}. */
    OURS {
        @Override
        URI address(URI chat, String name, String room) {
            return URI.create(chat + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&room="
                    + URLEncoder.encode(room, StandardCharsets.UTF_8));
        }

        @Override
        boolean welcomes(String frame) {
            return frame.startsWith("* you are ");
        }

        @Override
        boolean refuses(String frame) {
            return frame.startsWith("! ");
        }
    },

    /**
     * Tomcat's examples chat ({@code websocket.chat.ChatAnnotation}): one room, no names asked (it
     * calls each connection {@code GuestN}), nothing sent on open, and every frame broadcast to the
     * connections already in its set, {@code * GuestN has joined.} first of all.
     */
    EXAMPLE {
        @Override
        URI address(URI chat, String name, String room) {
            return chat;
        }

        /**
         * Any frame: it can only have come by a broadcast to the set this connection is in, and
         * at the latest its own join notice comes. The client's {@code onOpen} would not do, as
         * Tomcat answers the upgrade before the endpoint's {@code @OnOpen} adds it to the set, so
         * a message sent at once could miss it.
         */
        @Override
        boolean welcomes(String frame) {
            return true;
        }

        @Override
        boolean refuses(String frame) {
            return false;
        }
    };

    /** Where client {@code name} connects to join {@code room} on the endpoint {@code chat}. */
    abstract URI address(URI chat, String name, String room);

    /** Whether this frame, arriving before the client has joined, says that it now has. */
    abstract boolean welcomes(String frame);

    /** Whether this frame says the server turned the connection away. */
    abstract boolean refuses(String frame);
}

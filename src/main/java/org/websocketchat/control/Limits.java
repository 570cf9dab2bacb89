package org.websocketchat.control;

import java.time.Duration;

/**
 * What one client may do before the server answers with an error or a close.
 *
 * @param maxTextLength      characters (code points) in one chat message; over it: error {@code too_long}
 * @param ratePerSecond      messages per second a connection earns
 * @param rateBurst          messages a connection may send at once
 * @param rateCloseAfter     rejected messages in a row after which the connection is closed 1008
 * @param outboxMaxFrames    frames queued for one slow client before it is closed 1008
 * @param outboxMaxBytes     bytes queued for one slow client before it is closed 1008
 * @param heartbeatInterval  how often an idle connection is pinged
 * @param heartbeatTimeout   silence (no pong, no frame) after which a peer is taken for dead
 * @param maxConnections     open connections the server accepts; the next is closed 1013
 * @param maxRooms           rooms one connection may be in at once; one more: error {@code too_many_rooms}
 */
public record Limits(int maxTextLength, double ratePerSecond, int rateBurst, int rateCloseAfter, int outboxMaxFrames,
        long outboxMaxBytes, Duration heartbeatInterval, Duration heartbeatTimeout, int maxConnections,
        int maxRooms) {

    /** The largest text message, in UTF-8 bytes; a longer one is closed 1009. */
    public static final int MAX_FRAME_BYTES = 16 * 1024;

    /**
     * The container's per-connection buffer for an incoming text message, in chars. Every open
     * connection holds one for its whole life, and containers size it from the message limit
     * when one is declared; the chat declares none and takes messages in parts of at most this
     * size instead, so an idle connection costs 512 bytes here rather than 32 KiB.
     */
    public static final int TEXT_BUFFER_CHARS = 256;

    /** The same for binary messages, which the chat refuses at the first part (1003). */
    public static final int BINARY_BUFFER_BYTES = 128;
}

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
 */
public record Limits(int maxTextLength, double ratePerSecond, int rateBurst, int rateCloseAfter, int outboxMaxFrames,
        long outboxMaxBytes, Duration heartbeatInterval, Duration heartbeatTimeout, int maxConnections) {

    /**
     * The largest text frame, in bytes. JSR 356 takes it from {@code @OnMessage(maxMessageSize)},
     * a compile-time constant, and containers size each session's buffers from it: keep it small.
     */
    public static final int MAX_FRAME_BYTES = 16 * 1024;
}

package org.websocketchat.control;

import java.util.function.Consumer;

import org.websocketchat.entity.CloseCodes;

/**
 * The socket end of one connection, as the control classes see it. The boundary implements it
 * over a {@code jakarta.websocket.Session}; tests implement it in memory.
 */
public interface Peer {

    /**
     * Starts sending one text frame. {@code done} receives {@code null} once it is sent or the
     * failure if it was not; it may run before this method returns, on this thread.
     */
    void send(String text, Consumer<Throwable> done);

    /**
     * Starts sending a ping carrying {@code payload}, with the same contract as {@link #send};
     * only called when no other frame is in flight. Must not block the caller: the standard
     * API's ping is a blocking call. A client answers with a pong that echoes the payload
     * (RFC 6455, 5.5.3), which it can only do once it has read the ping.
     */
    void ping(byte[] payload, Consumer<Throwable> done);

    /** Closes the connection with a close frame; may block while an earlier frame drains. */
    void close(CloseCodes code, String reason);
}

package org.websocketchat.control;

import java.util.List;
import java.util.function.Consumer;

import org.websocketchat.entity.CloseCodes;

/**
 * The socket end of one connection, as the control classes see it. The boundary implements it
 * over a {@code jakarta.websocket.Session}; tests implement it in memory.
 *
 * <p>What control allows a peer to do, because real ones do: complete a send on the calling
 * thread, before {@link #send} returns; complete it once the frame is buffered rather than
 * written; report the connection closed from inside a send that finds it gone, on the sending
 * thread; refuse a send while another is in flight on the same connection; race a close started
 * on a thread of the application's with its own work on the connection. What it may not do:
 * block a caller of {@link #send} or {@link #ping} on the network.
 */
public interface Peer {

    /**
     * Starts sending one text frame. {@code done} receives {@code null} once it is sent or the
     * failure if it was not; it may run before this method returns, on this thread.
     */
    void send(String text, Consumer<Throwable> done);

    /**
     * Sends one text frame that the client is known to have room for, so that writing it cannot
     * wait on the network ({@link Liveness#mayWriteDirectly}): a peer may use the standard API's
     * blocking send here, which spares it the hand-off an async completion may cost. {@code done}
     * runs before this method returns, or as for {@link #send}.
     */
    default void sendDirectly(String text, Consumer<Throwable> done) {
        send(text, done);
    }

    /**
     * Sends text frames that the client is known to have room for, all of them, in order, as
     * {@link #sendDirectly(String, Consumer)} does one: a peer may batch them into one write.
     * {@code done} runs once, after the last, or with the first failure.
     */
    default void sendDirectly(List<String> texts, Consumer<Throwable> done) {
        sendInTurn(this, texts, 0, done);
    }

    /** Sends {@code texts} from index {@code from} on, each once the one before is done. */
    static void sendInTurn(Peer peer, List<String> texts, int from, Consumer<Throwable> done) {
        if (from == texts.size()) {
            done.accept(null);
            return;
        }
        peer.send(texts.get(from), failure -> {
            if (failure != null) {
                done.accept(failure);
            } else {
                sendInTurn(peer, texts, from + 1, done);
            }
        });
    }

    /**
     * Whether {@link #sendDirectly} and {@link #pingDirectly} really write on the calling thread.
     * Only then does the liveness ping often enough to keep what it knows of the client's reading
     * fresh for them: elsewhere each ping costs a hand-off that a frame may wait behind.
     */
    default boolean writesDirectly() {
        return true;
    }

    /**
     * Starts sending a ping carrying {@code payload}, with the same contract as {@link #send};
     * only called when no other frame is in flight. Must not block the caller: the standard
     * API's ping is a blocking call. A client answers with a pong that echoes the payload
     * (RFC 6455, 5.5.3), which it can only do once it has read the ping.
     */
    void ping(byte[] payload, Consumer<Throwable> done);

    /**
     * Sends a ping the client is known to have room for, as {@link #sendDirectly} does a text
     * frame: a peer may make the standard API's blocking call here, on the calling thread.
     */
    default void pingDirectly(byte[] payload, Consumer<Throwable> done) {
        ping(payload, done);
    }

    /** Closes the connection with a close frame; may block while an earlier frame drains. */
    void close(CloseCodes code, String reason);
}

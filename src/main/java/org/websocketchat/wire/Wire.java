package org.websocketchat.wire;

import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.ServerFrame;

/**
 * A wire format: plain text for clients that ask for no subprotocol, JSON for {@code chat.v1}.
 * Implementations are stateless and shared by every connection that speaks them, which is what
 * lets a broadcast be encoded once per format ({@link Rendering}).
 */
public interface Wire {

    ClientCommand read(String frame);

    String write(ServerFrame frame);

    /** Whether this format carries frames like {@code frame} at all; a member whose wire does not is left out. */
    default boolean carries(ServerFrame frame) {
        return true;
    }
}

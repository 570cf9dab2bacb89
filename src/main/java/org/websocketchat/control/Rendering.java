package org.websocketchat.control;

import java.util.IdentityHashMap;
import java.util.Map;

import org.websocketchat.entity.ServerFrame;
import org.websocketchat.wire.Frame;
import org.websocketchat.wire.Wire;

/**
 * A frame on its way to many members: encoded at most once per {@link Wire}, however many
 * members speak it. Not thread-safe: it is used under the lock of the room that made it.
 */
final class Rendering {

    private final ServerFrame frame;
    private final Map<Wire, Frame> encoded = new IdentityHashMap<>(2);
    /** The wire asked for last and its frame: members of a room mostly speak one, and this is asked once per member. */
    private Wire lastWire;
    private Frame lastFrame;

    Rendering(ServerFrame frame) {
        this.frame = frame;
    }

    ServerFrame frame() {
        return frame;
    }

    Frame in(Wire wire) {
        if (wire != lastWire) {
            Frame known = encoded.get(wire);
            if (known == null) {
                known = Frame.of(wire.write(frame));
                encoded.put(wire, known);
            }
            lastWire = wire;
            lastFrame = known;
        }
        return lastFrame;
    }
}

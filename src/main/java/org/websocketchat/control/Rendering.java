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

    Rendering(ServerFrame frame) {
        this.frame = frame;
    }

    ServerFrame frame() {
        return frame;
    }

    Frame in(Wire wire) {
        return encoded.computeIfAbsent(wire, w -> Frame.of(w.write(frame)));
    }
}

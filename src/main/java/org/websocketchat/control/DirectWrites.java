package org.websocketchat.control;

/**
 * Whether a frame of {@code bytes} may be written directly ({@link Peer#sendDirectly}) when
 * {@code handedBytes} bytes of text have been handed to the peer before it.
 */
@FunctionalInterface
public interface DirectWrites {

    DirectWrites NEVER = (handedBytes, bytes) -> false;

    boolean allow(long handedBytes, int bytes);
}

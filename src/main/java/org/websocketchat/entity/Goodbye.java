package org.websocketchat.entity;

import java.util.Optional;

/**
 * The client is no longer (or was never let) in {@code room}, while it stays connected in its
 * other rooms: it left, or {@code reason} says why it was taken out or turned away. A client in
 * one room only is closed instead, with the close code and reason.
 */
public record Goodbye(String room, Optional<String> reason) implements ServerFrame {
}

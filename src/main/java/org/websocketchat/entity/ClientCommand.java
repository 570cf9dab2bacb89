package org.websocketchat.entity;

/** What a client asked for with one text frame. */
public sealed interface ClientCommand {

    /** Post {@code text} to the sender's room. */
    record Say(String text) implements ClientCommand {
    }

    /** A frame that could not be understood; {@code reason} is safe to show to the client. */
    record Malformed(String reason) implements ClientCommand {
    }
}

package org.websocketchat.entity;

/** A refusal of one client frame; the connection stays open. */
public record ErrorReply(ErrorCode code, String message) implements ServerFrame {
}

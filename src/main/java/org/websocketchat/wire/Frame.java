package org.websocketchat.wire;

/** One encoded text frame, with its UTF-8 size worked out once for every outbox it enters. */
public record Frame(String text, int bytes) {

    public static Frame of(String text) {
        return new Frame(text, Utf8.length(text, 0, text.length()));
    }
}

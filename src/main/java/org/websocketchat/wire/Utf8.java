package org.websocketchat.wire;

/** UTF-8 sizes of text, counted without encoding it. */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * The UTF-8 length of {@code text[from, to)}. A surrogate pair counts 4 bytes; a lone
     * surrogate 3, as the encoder would write its replacement.
     */
    public static int length(CharSequence text, int from, int to) {
        int bytes = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}

package org.websocketchat.boundary;

import java.util.Optional;

import org.websocketchat.control.Limits;
import org.websocketchat.wire.Utf8;

/**
 * Puts a text message back together from the parts a container delivers, and stops it at
 * {@link Limits#MAX_FRAME_BYTES} of UTF-8.
 *
 * <p>Why parts: a container keeps a per-connection buffer as large as the longest message it
 * must deliver whole, for as long as the connection lives (Tomcat: 16 Ki chars, 32 KiB, once a
 * 16 KiB limit is declared). Delivered in parts, that buffer stays at the small size the chat
 * sets at start-up, and only a message actually in transit costs memory here. The limit is
 * checked as the parts arrive, so no container ever assembles an oversized message in full
 * (Undertow, in WildFly, did: it took {@code maxMessageSize} as a hint only).
 *
 * <p>One per connection; not thread-safe (a container delivers one message part at a time).
 */
final class TextAssembler {

    private final int maxBytes;
    private StringBuilder pending;
    /** UTF-8 bytes of {@code pending} up to {@link #counted} chars. */
    private int bytes;
    private int counted;
    private boolean tooBig;

    TextAssembler() {
        this(Limits.MAX_FRAME_BYTES);
    }

    TextAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Adds the next part; returns the whole message once {@code last} is in and it is within
     * the limit. After a part that takes it over the limit, {@link #tooBig} is true and every
     * further part is dropped.
     */
    Optional<String> add(String part, boolean last) {
        if (tooBig) {
            return Optional.empty();
        }
        if (pending == null && last) {
            // The common case, a message in one part: no copy.
            tooBig = part.length() > maxBytes || Utf8.length(part, 0, part.length()) > maxBytes;
            return tooBig ? Optional.empty() : Optional.of(part);
        }
        if (pending == null) {
            pending = new StringBuilder(part.length() * 2);
        }
        pending.append(part);
        // A high surrogate at the end of a part waits for its partner: together they are 4 bytes.
        int end = !last && Character.isHighSurrogate(pending.charAt(pending.length() - 1)) ? pending.length() - 1
                : pending.length();
        bytes += Utf8.length(pending, counted, end);
        counted = end;
        if (bytes > maxBytes) {
            tooBig = true;
            pending = null;
            return Optional.empty();
        }
        if (!last) {
            return Optional.empty();
        }
        String message = pending.toString();
        pending = null;
        bytes = 0;
        counted = 0;
        return Optional.of(message);
    }

    /** Whether a message went over the limit; the connection is then closed 1009. */
    boolean tooBig() {
        return tooBig;
    }
}

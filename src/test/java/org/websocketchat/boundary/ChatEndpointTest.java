package org.websocketchat.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Limits;

/** The endpoint's own frame-size check, for containers that deliver oversized messages. */
class ChatEndpointTest {

    private static final int MAX = Limits.MAX_FRAME_BYTES;

    @Test
    void asciiUpToTheLimitPassesOneByteMoreIsTooBig() {
        assertFalse(ChatEndpoint.tooBig("x".repeat(MAX)));
        assertTrue(ChatEndpoint.tooBig("x".repeat(MAX + 1)));
    }

    @Test
    void theLimitCountsUtf8BytesNotChars() {
        String threeBytes = "\u20AC"; // €
        assertFalse(ChatEndpoint.tooBig(threeBytes.repeat(MAX / 3)));
        assertTrue(ChatEndpoint.tooBig(threeBytes.repeat(MAX / 3) + "xx"));
        String fourBytes = "\uD83D\uDE00"; // one emoji, two chars
        assertFalse(ChatEndpoint.tooBig(fourBytes.repeat(MAX / 4)));
        assertTrue(ChatEndpoint.tooBig(fourBytes.repeat(MAX / 4) + "x"));
    }
}

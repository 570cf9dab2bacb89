package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.FakeWire;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.EventId;
import org.websocketchat.wire.Frame;

class RenderingTest {

    private final ChatEvent.Message message = new ChatEvent.Message(new EventId(1, 7), "lobby", "ana", "hi", Instant.EPOCH);

    @Test
    void membersOnTwoWiresInTurnGetTheirOwnWiresFrameEncodedOncePerWire() {
        FakeWire plain = new FakeWire();
        FakeWire other = new FakeWire();
        Rendering rendering = new Rendering(message);

        Frame first = rendering.in(plain);
        Frame second = rendering.in(other);
        Frame third = rendering.in(plain);
        Frame fourth = rendering.in(other);

        assertEquals("7 ana: hi", first.text());
        assertSame(first, third);
        assertSame(second, fourth);
        assertEquals(1, plain.written.size());
        assertEquals(1, other.written.size());
    }
}

package org.websocketchat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class StampTest {

    @Test
    void readsOursDelivery() {
        assertEquals(new Stamp(3, 123456789012L), Stamp.of("c3: " + Stamp.text(3, 41, 123456789012L)));
    }

    @Test
    void readsTheExamplesDelivery() {
        assertEquals(new Stamp(9, -5L), Stamp.of("Guest207: " + Stamp.text(9, 0, -5L)));
    }

    @Test
    void leavesNoticesAlone() {
        assertNull(Stamp.of("* Guest4 has joined."));
        assertNull(Stamp.of("* Guest4 has disconnected."));
        assertNull(Stamp.of("* c4 joined"));
    }
}

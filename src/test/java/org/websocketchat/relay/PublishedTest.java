package org.websocketchat.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.EventId;

class PublishedTest {

    private static final EventId ID = new EventId(1_764_000_000_123L, 2);
    private static final Instant AT = Instant.ofEpochMilli(1_764_000_000_123L);

    @Test
    void readsEachKindOfEvent() {
        assertEquals(Optional.of(new ChatEvent.Message(ID, "lobby", "ana", "hello", AT)),
                Published.parse("message\t1764000000123-2\tlobby\t1764000000123\tana\thello"));
        assertEquals(Optional.of(new ChatEvent.Joined(ID, "lobby", "bo b", AT)),
                Published.parse("joined\t1764000000123-2\tlobby\t1764000000123\tbo b\t"));
        assertEquals(Optional.of(new ChatEvent.Left(ID, "lobby", "bo", AT)),
                Published.parse("left\t1764000000123-2\tlobby\t1764000000123\tbo\t"));
    }

    @Test
    void theTextKeepsItsTabsAndNewlines() {
        assertEquals(Optional.of(new ChatEvent.Message(ID, "lobby", "ana", "a\tb\nc\t", AT)),
                Published.parse("message\t1764000000123-2\tlobby\t1764000000123\tana\ta\tb\nc\t"));
    }

    @Test
    void anythingElseIsNoEvent() {
        assertEquals(Optional.empty(), Published.parse(""));
        assertEquals(Optional.empty(), Published.parse("message\t1764000000123-2\tlobby\t1764000000123\tana"));
        assertEquals(Optional.empty(), Published.parse("typing\t1764000000123-2\tlobby\t1764000000123\tana\t"));
        assertEquals(Optional.empty(), Published.parse("message\t1764000000123-0\tlobby\t1764000000123\tana\thi"));
        assertEquals(Optional.empty(), Published.parse("message\t1764000000123-2\tlobby\tsoon\tana\thi"));
    }
}

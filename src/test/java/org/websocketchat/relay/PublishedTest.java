package org.websocketchat.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Headcount;
import org.websocketchat.entity.Typing;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.EventId;

class PublishedTest {

    private static final EventId ID = new EventId(1_764_000_000_123L, 2);
    private static final Instant AT = Instant.ofEpochMilli(1_764_000_000_123L);

    private static Optional<Published> published(ChatEvent event, Headcount headcount) {
        return Optional.of(new Published.Event(event, Optional.of(headcount)));
    }

    @Test
    void readsEachKindOfEvent() {
        assertEquals(Optional.of(new Published.Event(new ChatEvent.Message(ID, "lobby", "ana", "hello", AT), Optional.empty())),
                Published.parse("message\t1764000000123-2\tlobby\t1764000000123\tana\thello"));
        assertEquals(published(new ChatEvent.Joined(ID, "lobby", "bo b", AT), new Headcount(3, false, Optional.empty())),
                Published.parse("joined\t1764000000123-2\tlobby\t1764000000123\tbo b\t3\tsmall"));
        assertEquals(published(new ChatEvent.Left(ID, "lobby", "bo", AT), new Headcount(150, true, Optional.empty())),
                Published.parse("left\t1764000000123-2\tlobby\t1764000000123\tbo\t150\tcrowd"));
    }

    @Test
    void theLeaveThatMakesARoomSmallAgainNamesEveryoneInTheOrderTheyJoined() {
        assertEquals(published(new ChatEvent.Left(ID, "lobby", "cy", AT), new Headcount(2, false, Optional.of(List.of("ana", "bo")))),
                Published.parse("left\t1764000000123-2\tlobby\t1764000000123\tcy\t2\teveryone\n"
                        + "1764000000100-7\tnode-b\t3\tbo\n1764000000100-3\tnode-a\t1\tana"));
        assertEquals(published(new ChatEvent.Left(ID, "lobby", "cy", AT), new Headcount(0, false, Optional.of(List.of()))),
                Published.parse("left\t1764000000123-2\tlobby\t1764000000123\tcy\t0\teveryone"));
    }

    @Test
    void theTextKeepsItsTabsAndNewlines() {
        assertEquals(Optional.of(new Published.Event(new ChatEvent.Message(ID, "lobby", "ana", "a\tb\nc\t", AT), Optional.empty())),
                Published.parse("message\t1764000000123-2\tlobby\t1764000000123\tana\ta\tb\nc\t"));
    }

    @Test
    void anEvictionAndARefusalAreForTheirNodeAloneWhileTheOthersAreForEveryNode() {
        Published eviction = Published.parse("evicted\t-\tlobby\t0\tnode-b\t7").orElseThrow();
        Published refusal = Published.parse("refused\t-\tlobby\t0\tnode-b\t7\t1500").orElseThrow();
        Published ending = Published.parse("ended\t-\tlobby\t0\tbo\t4002\tspam").orElseThrow();

        assertEquals(new Published.Eviction("lobby", "node-b", "7"), eviction);
        assertEquals(new Published.Refusal("lobby", "node-b", "7", java.time.Duration.ofMillis(1500)), refusal);
        assertEquals(List.of(false, true, false, true, true, true), List.of(eviction.isFor("node-a"), eviction.isFor("node-b"),
                refusal.isFor("node-a"), refusal.isFor("node-b"), ending.isFor("node-a"), ending.isFor("node-b")));
    }

    @Test
    void typingIsASignalWithTheMarkOfASignedInName() {
        assertEquals(Optional.of(new Published.Signal(new Typing("lobby", "ana", false))), Published.parse("typing\t-\tlobby\t0\tana\t"));
        assertEquals(Optional.of(new Published.Signal(new Typing("lobby", "ana", true))),
                Published.parse("typing\t-\tlobby\t0\t" + RedisNames.display("ana", true) + "\t"));
    }

    @Test
    void anythingElseIsNoEvent() {
        assertEquals(Optional.empty(), Published.parse(""));
        assertEquals(Optional.empty(), Published.parse("message\t1764000000123-2\tlobby\t1764000000123\tana"));
        assertEquals(Optional.empty(), Published.parse("whistling\t1764000000123-2\tlobby\t1764000000123\tana\t"));
        assertEquals(Optional.empty(), Published.parse("message\t1764000000123-0\tlobby\t1764000000123\tana\thi"));
        assertEquals(Optional.empty(), Published.parse("message\t1764000000123-2\tlobby\tsoon\tana\thi"));
        assertEquals(Optional.empty(), Published.parse("joined\t1764000000123-2\tlobby\t1764000000123\tbo\t"), "no headcount");
        assertEquals(Optional.empty(), Published.parse("joined\t1764000000123-2\tlobby\t1764000000123\tbo\tmany\tcrowd"));
        assertEquals(Optional.empty(), Published.parse("joined\t1764000000123-2\tlobby\t1764000000123\tbo\t3\tbusy"));
    }
}

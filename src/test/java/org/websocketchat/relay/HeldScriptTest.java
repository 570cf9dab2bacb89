package org.websocketchat.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.lettuce.core.ScriptOutputType;

import org.junit.jupiter.api.Test;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.EventId;

/**
 * chat.lua with a database behind it, on a real Redis: a reserved message is held back, with the
 * room's later events, until its node says it is stored, then published in id order; one that
 * could not be stored, or whose hold lapsed, is dropped and the room goes on. Absence is proved
 * by a typing signal, which is never held: the next payload published is that one.
 */
class HeldScriptTest extends ScriptFixture {

    private static final String HOLD = "60000";

    private Replies.Admission join(String name) {
        return Replies.admission("lobby", RedisLink.await(link.eval(ScriptOutputType.MULTI,
                "join", RedisRelay.PREFIX, "lobby", NODE, "t-" + name, "", "100", "guest", name, name)));
    }

    private EventId reserve(String name, String text, String hold) {
        List<?> reply = RedisLink.await(link.eval(ScriptOutputType.MULTI, "reserve", RedisRelay.PREFIX, "lobby", NODE, "t-" + name, name,
                text, "20", "message", hold));
        assertEquals(name, reply.get(2));
        return EventId.parse((String) reply.get(0)).orElseThrow();
    }

    private long say(String name, String text) {
        return RedisLink.<Long>await(link.eval(ScriptOutputType.INTEGER, "say", RedisRelay.PREFIX, "lobby", NODE, "t-" + name, name, text,
                "20", "message"));
    }

    private long stored(EventId id, boolean durable) {
        List<?> reply = RedisLink.await(link.eval(ScriptOutputType.MULTI, "stored", RedisRelay.PREFIX, "lobby", NODE, durable ? "1" : "0",
                id.toString()));
        return (Long) reply.get(0);
    }

    /** Nothing of the room's order was published since the last payload read: a typing signal comes next. */
    private void nothingPublished() throws InterruptedException {
        assertEquals(1L, typing("t-ana", "ana"));
        assertTrue(nextPayload().startsWith("typing\t"), "nothing before the typing signal");
    }

    private String nextText() throws InterruptedException {
        return ((ChatEvent.Message) ((Published.Event) next()).event()).text();
    }

    @Test
    void aReservedMessageHoldsTheRoomBackUntilStoredThenAllComeInIdOrder() throws Exception {
        join("ana");
        join("bo");
        next();
        next();
        EventId first = reserve("ana", "first", HOLD);
        assertEquals(1L, say("bo", "second"));
        Replies.Admission cy = join("cy");
        nothingPublished();
        assertEquals(2, cy.awaited().size(), "both messages held, to come to cy after its welcome");
        assertTrue(cy.awaited().contains(first));
        assertTrue(cy.history().isEmpty(), "neither is in the stream yet");

        assertEquals(1L, stored(first, true));

        ChatEvent.Message one = (ChatEvent.Message) ((Published.Event) next()).event();
        ChatEvent.Message two = (ChatEvent.Message) ((Published.Event) next()).event();
        ChatEvent joined = ((Published.Event) next()).event();
        assertEquals(List.of("first", "second"), List.of(one.text(), two.text()));
        assertEquals(first, one.id());
        assertTrue(one.id().compareTo(two.id()) < 0 && two.id().compareTo(joined.id()) < 0, "in id order");
        assertEquals(cy.joined(), joined.id());
        assertEquals(List.of("first", "second"), join("dee").history().stream().map(ChatEvent.Message::text).toList(),
                "kept in the stream in the same order");
    }

    @Test
    void aMessageThatCouldNotBeStoredIsDroppedAndTheRoomGoesOn() throws Exception {
        join("ana");
        join("bo");
        next();
        next();
        EventId lost = reserve("ana", "lost", HOLD);
        say("bo", "after");
        nothingPublished();

        assertEquals(1L, stored(lost, false));

        assertEquals("after", nextText());
        assertEquals(List.of("after"), join("cy").history().stream().map(ChatEvent.Message::text).toList());
    }

    @Test
    void aLapsedHoldIsDroppedAtTheNextBeatAndItsLateStoreIsRefusedNotPublished() throws Exception {
        join("ana");
        join("bo");
        next();
        next();
        EventId late = reserve("ana", "late", "0");
        say("bo", "after");
        nothingPublished();

        link.evalNow(ScriptOutputType.INTEGER, "beat", RedisRelay.PREFIX, NODE, "10000", "0");

        assertEquals("after", nextText());
        assertEquals(0L, stored(late, true), "its node hears it was dropped");
        nothingPublished();
    }

    @Test
    void aBatchIsReleasedInOneCallAndEachMessageIsAnsweredOnItsOwn() throws Exception {
        join("ana");
        next();
        EventId one = reserve("ana", "one", HOLD);
        EventId two = reserve("ana", "two", HOLD);
        assertEquals(1L, stored(one, true), "stored before");

        List<?> answers = RedisLink.await(link.eval(ScriptOutputType.MULTI, "stored", RedisRelay.PREFIX, "lobby", NODE, "1",
                one.toString(), two.toString()));

        assertEquals(List.of(0L, 1L), answers, "one was no longer held");
        assertEquals("one", nextText());
        assertEquals("two", nextText());
        nothingPublished();
    }

    @Test
    void aMessageStoredTwiceIsPublishedOnce() throws Exception {
        join("ana");
        next();
        EventId once = reserve("ana", "once", HOLD);
        assertEquals(1L, stored(once, true));
        assertEquals("once", nextText());

        assertEquals(0L, stored(once, true));
        nothingPublished();
    }
}

package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.websocketchat.control.Fakes.CLOCK;
import static org.websocketchat.control.Fakes.DIRECT;
import static org.websocketchat.control.Fakes.EPOCH;
import static org.websocketchat.control.Fakes.NOW;
import static org.websocketchat.control.Fakes.counting;
import static org.websocketchat.control.Fakes.limits;
import static org.websocketchat.control.Fakes.say;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.FakeWire;
import org.websocketchat.control.Fakes.RecordingPeer;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.Moderation;

/** A room whose messages an {@link Archive} keeps: stored before they are sent, resumed and paged from it. */
class ArchivedRoomTest {

    /** An earlier run's epoch: its ids are older than any this run issues. */
    private static final long EARLIER = EPOCH - 86_400_000L;

    private final AtomicLong nanoTime = new AtomicLong();
    private final FakeWire wire = new FakeWire();
    private final ListArchive archive = new ListArchive();

    /** Rooms keeping {@code historySize} messages in memory, all of them in {@link #archive}. */
    private Room room(int historySize) {
        return new RoomRegistry(new InJvmRelay(historySize, archive, Fakes.CROWD, CLOCK)).room("lobby");
    }

    private Connection joined(Room room, RecordingPeer peer, String wanted, Optional<EventId> since) {
        Connection connection = new Connection(peer, wire, limits(2000, 1000, 1000, 1000, 1000, 100), DIRECT, nanoTime::get, counting(),
                Identity.GUEST, Fakes.NO_DOORS, Telemetry.NONE);
        connection.join(room, wanted, since);
        return connection;
    }

    private static ChatEvent.Message earlier(long sequence) {
        return new ChatEvent.Message(new EventId(EARLIER, sequence), "lobby", "old", "e" + sequence, NOW.minusSeconds(3600));
    }

    @Test
    void aMessageIsStoredBeforeAnyoneIsSentIt() {
        Room lobby = room(50);
        RecordingPeer ana = new RecordingPeer();
        Connection anaConnection = joined(lobby, ana, "ana", Optional.empty());
        archive.onAppend = message -> assertEquals(List.of("welcome ana #lobby [ana]"), ana.sent, "sent before it was stored");

        anaConnection.receive(say("hi"));

        assertEquals(List.of("hi"), archive.texts());
        assertEquals(List.of("welcome ana #lobby [ana]", "2 ana: hi"), ana.sent);
    }

    @Test
    void aMessageTheArchiveCannotTakeIsSentToNobodyAndTheSenderIsToldUnavailable() {
        Room lobby = room(50);
        RecordingPeer ana = new RecordingPeer();
        Connection anaConnection = joined(lobby, ana, "ana", Optional.empty());
        RecordingPeer bo = new RecordingPeer();
        joined(lobby, bo, "bo", Optional.empty());
        archive.down = true;

        anaConnection.receive(say("lost?"));
        archive.down = false;
        anaConnection.receive(say("kept"));

        assertEquals(List.of("welcome ana #lobby [ana]", "2 + bo",
                "error UNAVAILABLE a message cannot be stored or read now: try again later", "4 ana: kept"), ana.sent);
        assertEquals(List.of("welcome bo #lobby [ana, bo]", "4 ana: kept"), bo.sent);
        assertEquals(List.of("kept"), archive.texts());
    }

    @Test
    void messagesSaidWhileABatchIsWrittenGoInTheNextAndAJoinWaitsBehindThemWithNoGapForTheNewcomer() {
        Room lobby = room(50);
        RecordingPeer ana = new RecordingPeer();
        Connection anaConnection = joined(lobby, ana, "ana", Optional.empty());
        RecordingPeer bo = new RecordingPeer();
        joined(lobby, bo, "bo", Optional.empty());
        archive.holding = true;

        anaConnection.receive(say("m1"));
        anaConnection.receive(say("m2"));
        anaConnection.receive(say("m3"));
        RecordingPeer cy = new RecordingPeer();
        joined(lobby, cy, "cy", Optional.empty());
        assertEquals(List.of("welcome bo #lobby [ana, bo]"), bo.sent, "nothing goes out before it is stored");
        archive.answerHeld();
        assertEquals(List.of("welcome bo #lobby [ana, bo]", "3 ana: m1"), bo.sent, "the first batch, alone");
        archive.answerHeld();

        assertEquals(List.of(1, 2), archive.batches, "what queued during the first write is the second batch");
        assertEquals(List.of("welcome bo #lobby [ana, bo]", "3 ana: m1", "4 ana: m2", "5 ana: m3", "6 + cy"), bo.sent);
        assertEquals(List.of("welcome cy #lobby [ana, bo, cy]", "3 ana: m1", "4 ana: m2", "5 ana: m3"), cy.sent);
        assertEquals(List.of("m1", "m2", "m3"), archive.texts());
    }

    @Test
    void aNewcomerAfterARestartIsSentTheNewestStoredMessages() {
        for (int i = 1; i <= 5; i++) {
            archive.messages.add(earlier(i));
        }
        RecordingPeer ana = new RecordingPeer();

        joined(room(3), ana, "ana", Optional.empty());

        assertEquals(List.of("welcome ana #lobby [ana]", "3 old: e3", "4 old: e4", "5 old: e5"), ana.sent);
    }

    @Test
    void sinceResumesFromTheArchiveBeyondTheMemoryWindowAndAcrossARestart() {
        for (int i = 1; i <= 5; i++) {
            archive.messages.add(earlier(i));
        }
        RecordingPeer ana = new RecordingPeer();

        joined(room(2), ana, "ana", Optional.of(new EventId(EARLIER, 2)));

        assertEquals(List.of("welcome ana #lobby [ana] resumed", "3 old: e3", "4 old: e4", "5 old: e5"), ana.sent);
    }

    @Test
    void sinceAnIdTheArchiveDoesNotKeepIsNotResumed() {
        archive.messages.add(earlier(1));
        RecordingPeer ana = new RecordingPeer();

        joined(room(2), ana, "ana", Optional.of(new EventId(EARLIER, 7)));

        assertEquals(List.of("welcome ana #lobby [ana]", "1 old: e1"), ana.sent);
    }

    @Test
    void aPageOfHistoryComesFromTheArchiveOldestFirst() {
        for (int i = 1; i <= 5; i++) {
            archive.messages.add(earlier(i));
        }
        Room lobby = room(2);
        RecordingPeer ana = new RecordingPeer();
        Connection anaConnection = joined(lobby, ana, "ana", Optional.empty());

        anaConnection.receive(new ClientCommand.History(Optional.empty(), Optional.of(new EventId(EARLIER, 4)), 2));
        anaConnection.receive(new ClientCommand.History(Optional.empty(), Optional.of(new EventId(EARLIER, 2)), 2));

        assertEquals(List.of("history #lobby [2 old: e2, 3 old: e3] more", "history #lobby [1 old: e1]"), ana.sent.subList(3, 5));
    }

    @Test
    void withoutAnArchiveAPageComesFromMemory() {
        Room lobby = new RoomRegistry(3, Fakes.CROWD, CLOCK).room("lobby");
        RecordingPeer ana = new RecordingPeer();
        Connection anaConnection = joined(lobby, ana, "ana", Optional.empty());
        for (String text : List.of("a", "b", "c", "d")) {
            anaConnection.receive(say(text));
        }

        anaConnection.receive(new ClientCommand.History(Optional.empty(), Optional.empty(), 2));
        anaConnection.receive(new ClientCommand.History(Optional.empty(), Optional.of(new EventId(EPOCH, 4)), 50));

        // Ids from 2: ana's own join took 1. Memory holds b, c and d.
        assertEquals(List.of("history #lobby [4 ana: c, 5 ana: d] more", "history #lobby [3 ana: b]"), ana.sent.subList(5, 7));
    }

    @Test
    void aPageWhileTheArchiveIsDownIsAnsweredUnavailable() {
        Room lobby = room(2);
        RecordingPeer ana = new RecordingPeer();
        Connection anaConnection = joined(lobby, ana, "ana", Optional.empty());
        archive.down = true;

        anaConnection.receive(new ClientCommand.History(Optional.empty(), Optional.empty(), 50));

        assertEquals("error UNAVAILABLE history cannot be stored or read now: try again later", ana.sent.get(1));
    }

    @Test
    void aDeletionIsStoredAndTheMessageIsNoLongerPaged() {
        Room lobby = room(50);
        RecordingPeer mod = new RecordingPeer();
        Connection moderator = new Connection(mod, wire, limits(2000, 1000, 1000, 1000, 1000, 100), DIRECT, nanoTime::get, counting(),
                new Identity(true, Set.of("chat-moderator"), true, true), Fakes.NO_DOORS, Telemetry.NONE);
        moderator.join(lobby, "mod", Optional.empty());
        moderator.receive(say("oops"));

        moderator.receive(new Moderation.Request(Moderation.Action.DELETE, Optional.empty(), EPOCH + "-2", Duration.ZERO, ""));

        assertEquals(List.of("mod"), archive.deletedBy);
        assertTrue(mod.sent.contains("deleted " + EPOCH + "-2 by mod"), mod.sent.toString());
    }
}

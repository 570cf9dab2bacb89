package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.websocketchat.control.Fakes.CLOCK;
import static org.websocketchat.control.Fakes.DIRECT;
import static org.websocketchat.control.Fakes.EPOCH;
import static org.websocketchat.control.Fakes.NOW;
import static org.websocketchat.control.Fakes.counting;
import static org.websocketchat.control.Fakes.limits;
import static org.websocketchat.control.Fakes.say;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.FakeWire;
import org.websocketchat.control.Fakes.RecordingPeer;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.Welcome;
import org.websocketchat.wire.Wire;

class RoomTest {

    private final AtomicLong nanoTime = new AtomicLong();
    private final FakeWire wire = new FakeWire();
    private final RoomRegistry rooms = new RoomRegistry(50, Fakes.CROWD, CLOCK);
    private final Room lobby = rooms.room("lobby");

    private Connection connection(RecordingPeer peer, Wire wire, Executor closer, int outboxMaxFrames) {
        return new Connection(peer, wire, limits(2000, 1000, 1000, 1000, outboxMaxFrames, 100), closer, nanoTime::get, counting(), Identity.GUEST, Fakes.NO_DOORS, Telemetry.NONE);
    }

    private Connection joined(Room room, RecordingPeer peer, String wanted) {
        Connection connection = connection(peer, wire, DIRECT, 1000);
        connection.join(room, wanted, Optional.empty());
        return connection;
    }

    @Test
    void theRegistryCreatesEachRoomOnceAndKeepsIt() {
        assertSame(lobby, rooms.room("lobby"));
        assertEquals("lobby", lobby.name());
        assertEquals("dev", rooms.room("dev").name());
        assertEquals(2, rooms.size());
    }

    @Test
    void aNewcomerIsWelcomedWithItsNameTheRoomAndWhoIsThere() {
        RecordingPeer ana = new RecordingPeer();
        joined(lobby, ana, "ana");
        RecordingPeer bo = new RecordingPeer();

        String given = joined(lobby, bo, "bo").name();

        assertEquals("bo", given);
        assertEquals(List.of("welcome bo #lobby [ana, bo]"), bo.sent);
        assertEquals(List.of("ana", "bo"), lobby.memberNames());
    }

    @Test
    void theOthersHearOfANewcomerButTheNewcomerDoesNot() {
        RecordingPeer ana = new RecordingPeer();
        joined(lobby, ana, "ana");
        RecordingPeer bo = new RecordingPeer();

        joined(lobby, bo, "bo");

        assertEquals(List.of("welcome ana #lobby [ana]", "2 + bo"), ana.sent);
        assertEquals(List.of("welcome bo #lobby [ana, bo]"), bo.sent);
    }

    @Test
    void theWelcomeComesFirstThenTheHistoryOldestFirst() {
        RecordingPeer ana = new RecordingPeer();
        Connection anaConnection = joined(lobby, ana, "ana");
        anaConnection.receive(say("one"));
        anaConnection.receive(say("two"));
        RecordingPeer bo = new RecordingPeer();

        joined(lobby, bo, "bo");

        assertEquals(List.of("welcome bo #lobby [ana, bo]", "2 ana: one", "3 ana: two"), bo.sent);
    }

    @Test
    void aTakenNameIsMadeUniqueCaseInsensitively() {
        joined(lobby, new RecordingPeer(), "ana");
        joined(lobby, new RecordingPeer(), "ANA");
        RecordingPeer third = new RecordingPeer();

        Connection connection = joined(lobby, third, "Ana");

        assertEquals("Ana-3", connection.name());
        assertEquals(List.of("ana", "ANA-2", "Ana-3"), lobby.memberNames());
        assertEquals("welcome Ana-3 #lobby [ana, ANA-2, Ana-3]", third.sent.get(0));
    }

    @Test
    void aNameIsFreeAgainOnceItsOwnerHasLeft() {
        Connection first = joined(lobby, new RecordingPeer(), "ana");
        first.closed();

        assertEquals("ana", joined(lobby, new RecordingPeer(), "ana").name());
    }

    @Test
    void theSameNameInAnotherRoomIsNotTaken() {
        joined(lobby, new RecordingPeer(), "ana");

        assertEquals("ana", joined(rooms.room("dev"), new RecordingPeer(), "ana").name());
    }

    @Test
    void aMessageGoesToEveryoneInTheRoomTheSenderIncluded() {
        RecordingPeer ana = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        RecordingPeer elsewhere = new RecordingPeer();
        Connection anaConnection = joined(lobby, ana, "ana");
        joined(lobby, bo, "bo");
        joined(rooms.room("dev"), elsewhere, "cy");

        anaConnection.receive(say("hi"));

        assertEquals("3 ana: hi", ana.sent.get(ana.sent.size() - 1));
        assertEquals("3 ana: hi", bo.sent.get(bo.sent.size() - 1));
        assertEquals(List.of("welcome cy #dev [cy]"), elsewhere.sent);
    }

    @Test
    void leavingTellsTheOthers() {
        RecordingPeer ana = new RecordingPeer();
        joined(lobby, ana, "ana");
        Connection bo = joined(lobby, new RecordingPeer(), "bo");

        bo.closed();

        assertEquals(List.of("welcome ana #lobby [ana]", "2 + bo", "3 - bo"), ana.sent);
        assertEquals(List.of("ana"), lobby.memberNames());
    }

    @Test
    void leavingTwiceTellsTheOthersOnce() {
        RecordingPeer ana = new RecordingPeer();
        joined(lobby, ana, "ana");
        Connection bo = joined(lobby, new RecordingPeer(), "bo");

        bo.closed();
        bo.closed();

        assertEquals(List.of("welcome ana #lobby [ana]", "2 + bo", "3 - bo"), ana.sent);
    }

    @Test
    void idsIncreaseByOneForEveryEventOfTheRoom() {
        RecordingPeer ana = new RecordingPeer();
        Connection anaConnection = joined(lobby, ana, "ana");
        Connection bo = joined(lobby, new RecordingPeer(), "bo");

        anaConnection.receive(say("a"));
        bo.receive(say("b"));
        bo.closed();
        anaConnection.receive(say("c"));

        assertEquals(List.of("welcome ana #lobby [ana]", "2 + bo", "3 ana: a", "4 bo: b", "5 - bo", "6 ana: c"), ana.sent);
    }

    @Test
    void eventsCarryTheRoomEpochAndTheClockTime() {
        Connection ana = joined(lobby, new RecordingPeer(), "ana");

        ana.receive(say("hi"));

        assertEquals(new ChatEvent.Message(new EventId(EPOCH, 2), "lobby", "ana", "hi", NOW),
                wire.written.get(wire.written.size() - 1));
    }

    @Test
    void resumingFromAnIdInTheHistorySendsOnlyTheLaterMessages() {
        Connection ana = joined(lobby, new RecordingPeer(), "ana"); // Joined: 1
        ana.receive(say("m2"));
        ana.receive(say("m3"));
        ana.receive(say("m4"));
        RecordingPeer bo = new RecordingPeer();

        connection(bo, wire, DIRECT, 1000).join(lobby, "bo", Optional.of(new EventId(EPOCH, 3)));

        assertEquals(List.of("welcome bo #lobby [ana, bo] resumed", "4 ana: m4"), bo.sent);
    }

    @Test
    void resumingFromTheLastEventSendsNoHistory() {
        Connection ana = joined(lobby, new RecordingPeer(), "ana");
        ana.receive(say("m2"));
        RecordingPeer bo = new RecordingPeer();

        connection(bo, wire, DIRECT, 1000).join(lobby, "bo", Optional.of(new EventId(EPOCH, 2)));

        assertEquals(List.of("welcome bo #lobby [ana, bo] resumed"), bo.sent);
    }

    @Test
    void resumingFromBeforeEvictedMessagesSendsTheFullHistoryUnresumed() {
        Room small = new RoomRegistry(2, Fakes.CROWD, CLOCK).room("small");
        Connection ana = joined(small, new RecordingPeer(), "ana");
        ana.receive(say("m2"));
        ana.receive(say("m3"));
        ana.receive(say("m4")); // evicts m2
        RecordingPeer bo = new RecordingPeer();

        connection(bo, wire, DIRECT, 1000).join(small, "bo", Optional.of(new EventId(EPOCH, 1)));

        assertEquals(List.of("welcome bo #small [ana, bo]", "3 ana: m3", "4 ana: m4"), bo.sent);
    }

    @Test
    void resumingFromAnotherEpochSendsTheFullHistoryUnresumed() {
        Connection ana = joined(lobby, new RecordingPeer(), "ana");
        ana.receive(say("m2"));
        ana.receive(say("m3"));
        RecordingPeer bo = new RecordingPeer();

        connection(bo, wire, DIRECT, 1000).join(lobby, "bo", Optional.of(new EventId(EPOCH - 1, 2)));

        assertEquals(List.of("welcome bo #lobby [ana, bo]", "2 ana: m2", "3 ana: m3"), bo.sent);
    }

    @Test
    void resumingFromAnIdTheRoomNeverIssuedSendsTheFullHistoryUnresumed() {
        Connection ana = joined(lobby, new RecordingPeer(), "ana");
        ana.receive(say("m2"));
        RecordingPeer bo = new RecordingPeer();

        connection(bo, wire, DIRECT, 1000).join(lobby, "bo", Optional.of(new EventId(EPOCH, 99)));

        assertEquals(List.of("welcome bo #lobby [ana, bo]", "2 ana: m2"), bo.sent);
    }

    @Test
    void aBroadcastIsEncodedOncePerWireHoweverManyMembersSpeakIt() {
        FakeWire other = new FakeWire();
        List<RecordingPeer> peers = new ArrayList<>();
        List<Connection> members = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            RecordingPeer peer = new RecordingPeer();
            Connection member = connection(peer, i % 2 == 0 ? wire : other, DIRECT, 1000);
            member.join(lobby, "m" + i, Optional.empty());
            peers.add(peer);
            members.add(member);
        }
        int wireBefore = wire.written.size();
        int otherBefore = other.written.size();

        members.get(0).receive(say("hello all"));

        assertEquals(1, wire.written.size() - wireBefore);
        assertEquals(1, other.written.size() - otherBefore);
        for (RecordingPeer peer : peers) {
            assertEquals("11 m0: hello all", peer.sent.get(peer.sent.size() - 1));
        }
    }

    @Test
    void replayingHistoryToANewcomerEncodesNothingAgain() {
        Connection ana = joined(lobby, new RecordingPeer(), "ana");
        for (int i = 0; i < 5; i++) {
            ana.receive(say("m" + i));
        }
        int before = wire.written.size();
        RecordingPeer bo = new RecordingPeer();

        joined(lobby, bo, "bo");

        assertEquals(6, bo.sent.size());
        assertEquals(List.of(Welcome.class, ChatEvent.Joined.class),
                wire.written.subList(before, wire.written.size()).stream().map(Object::getClass).toList(),
                "only the welcome and the Joined event are encoded");
    }

    @Test
    void aClosedRoomIsSilent() {
        RecordingPeer ana = new RecordingPeer();
        Connection anaConnection = joined(lobby, ana, "ana");
        Connection bo = joined(lobby, new RecordingPeer(), "bo");
        int before = ana.sent.size();

        rooms.close();
        anaConnection.receive(say("anyone?"));
        bo.closed();

        assertEquals(before, ana.sent.size());
        assertEquals(List.of(), lobby.memberNames());
    }

    @Test
    void aSlowConsumerIsClosedAndTheOthersCarryOn() {
        // Closing must not run inside the broadcast that found the consumer slow (in the
        // server it runs on another thread), so the closer only collects the task here.
        List<Runnable> closing = new ArrayList<>();
        RecordingPeer ana = new RecordingPeer();
        Connection anaConnection = joined(lobby, ana, "ana");
        RecordingPeer slow = new RecordingPeer();
        slow.stalled = true;
        connection(slow, wire, closing::add, 2).join(lobby, "slow", Optional.empty());
        assertEquals(List.of("welcome slow #lobby [ana, slow]"), slow.sent);

        anaConnection.receive(say("1")); // queued behind the welcome still in flight
        anaConnection.receive(say("2")); // queued: the outbox is full
        assertTrue(closing.isEmpty());
        anaConnection.receive(say("3")); // one too many

        assertEquals(1, closing.size(), "the slow consumer leaves at once");
        closing.remove(0).run();
        assertEquals(List.of("welcome ana #lobby [ana]", "2 + slow", "3 ana: 1", "4 ana: 2", "5 ana: 3", "6 - slow"), ana.sent);
        assertEquals(List.of("ana"), lobby.memberNames());
        assertEquals(List.of(), slow.closes, "the close frame waits for the welcome in flight");
        assertEquals(List.of(), closing);

        slow.resume();

        assertEquals(1, closing.size());
        closing.remove(0).run();
        assertEquals(List.of("POLICY_VIOLATION slow consumer"), slow.closes);
        assertEquals(List.of("welcome slow #lobby [ana, slow]"), slow.sent, "what was queued was dropped");
    }

    @Test
    void aCloseReportedFromInsideASendLeavesAfterTheBroadcastInIdOrder() {
        // Tyrus (GlassFish, Payara) calls @OnClose on the sending thread when a send finds the
        // connection gone: the room is re-entered in the middle of its own broadcast.
        RecordingPeer ana = new RecordingPeer();
        RecordingPeer cy = new RecordingPeer();
        Connection anaConnection = joined(lobby, ana, "ana");
        Connection[] bo = new Connection[1];
        RecordingPeer boPeer = new RecordingPeer();
        Peer dropping = new Peer() {
            @Override
            public void send(String text, Consumer<Throwable> done) {
                boPeer.send(text, done);
                if (text.contains(": ")) {
                    bo[0].closed();
                }
            }

            @Override
            public void ping(byte[] payload, Consumer<Throwable> done) {
                boPeer.ping(payload, done);
            }

            @Override
            public void close(CloseCodes code, String reason) {
                boPeer.close(code, reason);
            }
        };
        bo[0] = new Connection(dropping, wire, limits(2000, 1000, 1000, 1000, 1000, 100), DIRECT, nanoTime::get, counting(), Identity.GUEST, Fakes.NO_DOORS, Telemetry.NONE);
        bo[0].join(lobby, "bo", Optional.empty());
        joined(lobby, cy, "cy");

        anaConnection.receive(say("hi"));

        assertEquals(List.of("welcome ana #lobby [ana]", "2 + bo", "3 + cy", "4 ana: hi", "5 - bo"), ana.sent);
        assertEquals(List.of("welcome cy #lobby [ana, bo, cy]", "4 ana: hi", "5 - bo"), cy.sent);
        assertEquals(List.of("ana", "cy"), lobby.memberNames());
    }
}

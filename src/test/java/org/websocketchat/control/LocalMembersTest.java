package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.FakeWire;
import org.websocketchat.control.Fakes.RecordingPeer;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.MembersPage;
import org.websocketchat.entity.Welcome;

/** The local half of a relayed room, with the relay played by the test: ids and order are given. */
class LocalMembersTest {

    private static final long EPOCH = 1_764_000_000_000L;
    private static final Instant AT = Instant.ofEpochMilli(EPOCH);

    private final FakeWire wire = new FakeWire();
    private final AtomicLong nanoTime = new AtomicLong();
    private final LocalMembers here = new LocalMembers(new InJvmRelay(0, Fakes.CROWD, Fakes.CLOCK).room("lobby"), Telemetry.NONE);

    private Connection connection(RecordingPeer peer) {
        return new Connection(peer, wire, Fakes.limits(2000, 1000, 1000, 1000, 1000, 100), Fakes.DIRECT, nanoTime::get,
                Fakes.counting(), Identity.GUEST, Fakes.NO_DOORS, Telemetry.NONE);
    }

    private static EventId id(long sequence) {
        return new EventId(EPOCH, sequence);
    }

    private static ChatEvent.Message message(long sequence, String text) {
        return new ChatEvent.Message(id(sequence), "lobby", "bo", text, AT);
    }

    private Connection admitted(RecordingPeer peer, String name, long joinedAt) {
        Connection connection = connection(peer);
        here.expect(connection, "t-" + name, name);
        assertTrue(here.admit(connection, new Welcome(name, "lobby", List.of(name), false), List.of(), id(joinedAt), Set.of()));
        return connection;
    }

    @Test
    void aNewcomerHearsNothingBeforeItsWelcomeAndHistoryThenWhatCameAfterItsJoinInOrder() {
        RecordingPeer ana = new RecordingPeer();
        Connection connection = connection(ana);
        here.expect(connection, "t1", "ana");
        // While the relay admits ana (joined = 5), events come in from the other nodes: 4 was
        // before her join (it is in her history), 5 is her own join, 6 and 7 came after it.
        here.deliver(message(4, "before"));
        here.deliver(new ChatEvent.Joined(id(5), "lobby", "ana", AT));
        here.deliver(message(6, "after"));
        assertEquals(List.of(), ana.sent, "nothing before the welcome");

        assertTrue(here.admit(connection, new Welcome("ana", "lobby", List.of("bo", "ana"), false),
                List.of(message(3, "old"), message(4, "before")), id(5), Set.of()));
        here.deliver(message(7, "live"));

        assertEquals(List.of("welcome ana #lobby [bo, ana]", "3 bo: old", "4 bo: before", "6 bo: after", "7 bo: live"), ana.sent);
        assertEquals("ana", connection.name());
        assertEquals(Optional.of(new Seat("t1", "ana")), here.seat(connection));
    }

    @Test
    void aNewcomerGetsTheMessagesHeldBackFromBeforeItsJoinWhenTheyComeAndNoOtherEarlierEvent() {
        RecordingPeer ana = new RecordingPeer();
        Connection connection = connection(ana);
        here.expect(connection, "t1", "ana");
        // Messages 3 and 4 were being stored when ana joined as 6, held back by the relay; 5 is
        // someone's join, told in the welcome's list. 3 comes while she waits, 4 and 5 after.
        here.deliver(message(3, "held"));
        assertTrue(here.admit(connection, new Welcome("ana", "lobby", List.of("bo", "cy", "ana"), false), List.of(message(2, "old")),
                id(6), Set.of(id(3), id(4))));
        here.deliver(message(4, "held too"));
        here.deliver(new ChatEvent.Joined(id(5), "lobby", "cy", AT));
        here.deliver(new ChatEvent.Joined(id(6), "lobby", "ana", AT));
        here.deliver(message(7, "live"));

        assertEquals(List.of("welcome ana #lobby [bo, cy, ana]", "2 bo: old", "3 bo: held", "4 bo: held too", "7 bo: live"), ana.sent);
    }

    @Test
    void anEventIsEncodedOncePerWireForEveryMemberHere() {
        RecordingPeer ana = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        admitted(ana, "ana", 1);
        admitted(bo, "bo", 2);
        int before = wire.written.size();

        here.deliver(message(3, "hi"));

        assertEquals(1, wire.written.size() - before);
        assertEquals("3 bo: hi", ana.sent.get(ana.sent.size() - 1));
        assertEquals("3 bo: hi", bo.sent.get(bo.sent.size() - 1));
    }

    @Test
    void aMemberDoesNotHearItsOwnJoinNorAnythingOlder() {
        RecordingPeer ana = new RecordingPeer();
        admitted(ana, "ana", 5);

        here.deliver(new ChatEvent.Joined(id(5), "lobby", "ana", AT));
        here.deliver(message(4, "late duplicate"));

        assertEquals(List.of("welcome ana #lobby [ana]"), ana.sent);
    }

    @Test
    void aNewcomerThatLeavesWhileTheRelayAdmitsItIsNotAdmittedAndHasNoSeatToGiveBack() {
        Connection connection = connection(new RecordingPeer());
        here.expect(connection, "t1", "ana");

        assertEquals(Optional.empty(), here.remove(connection));
        assertFalse(here.admit(connection, new Welcome("ana", "lobby", List.of("ana"), false), List.of(), id(1), Set.of()),
                "the caller gives the claim back");
        assertEquals(0, here.endAll(CloseCodes.GOING_AWAY, "nobody to end"), "nobody is left here");
    }

    @Test
    void anAdmittedMemberLeavesWithItsSeatAndHearsNoMore() {
        RecordingPeer ana = new RecordingPeer();
        Connection connection = admitted(ana, "ana", 1);

        assertEquals(Optional.of(new Seat("t-ana", "ana")), here.remove(connection));
        here.deliver(message(2, "gone"));

        assertEquals(List.of("welcome ana #lobby [ana]"), ana.sent);
        assertEquals(Optional.empty(), here.remove(connection));
        assertEquals(Optional.empty(), here.seat(connection));
    }

    @Test
    void aClosedRoomIsSilentAndAdmitsNobody() {
        RecordingPeer ana = new RecordingPeer();
        admitted(ana, "ana", 1);
        Connection late = connection(new RecordingPeer());
        here.expect(late, "t2", "bo");

        here.close();
        here.deliver(message(2, "anyone?"));

        assertEquals(List.of("welcome ana #lobby [ana]"), ana.sent);
        assertFalse(here.admit(late, new Welcome("bo", "lobby", List.of("bo"), false), List.of(), id(3), Set.of()));
    }

    private static Headcount crowd(int count) {
        return new Headcount(count, true, Optional.empty());
    }

    private static ChatEvent.Joined joined(long sequence, String name) {
        return new ChatEvent.Joined(id(sequence), "lobby", name, AT);
    }

    private static ChatEvent.Left left(long sequence, String name) {
        return new ChatEvent.Left(id(sequence), "lobby", name, AT);
    }

    @Test
    void aSmallRoomsJoinsAndLeavesAreDeliveredAsTheyCome() {
        RecordingPeer ana = new RecordingPeer();
        admitted(ana, "ana", 1);

        here.deliver(joined(2, "bo"), new Headcount(2, false, Optional.empty()));
        here.deliver(left(3, "bo"), new Headcount(1, false, Optional.empty()));
        here.presenceTick();

        assertEquals(List.of("welcome ana #lobby [ana]", "2 + bo", "3 - bo"), ana.sent);
    }

    @Test
    void aCrowdedRoomsJoinsAndLeavesMakeOneUpdatePerTickWithTheLastCount() {
        RecordingPeer ana = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        admitted(ana, "ana", 1);
        admitted(bo, "bo", 2);

        here.deliver(joined(3, "cy"), crowd(101));
        here.deliver(message(4, "hi"));
        here.deliver(joined(5, "dee"), crowd(102));
        here.deliver(left(6, "cy"), crowd(101));
        here.presenceTick();
        here.presenceTick();

        for (RecordingPeer peer : List.of(ana, bo)) {
            assertEquals(List.of("4 bo: hi", "presence 101 +2 [cy, dee] -1 [cy]"), peer.sent.subList(1, peer.sent.size()));
        }
    }

    @Test
    void theLeaveThatMakesACrowdedRoomSmallAgainNamesEveryoneInItsPlaceAndDropsThePendingUpdate() {
        RecordingPeer ana = new RecordingPeer();
        admitted(ana, "ana", 1);
        here.deliver(joined(2, "cy"), crowd(101));

        here.deliver(left(3, "cy"), new Headcount(2, false, Optional.of(List.of("bo", "ana"))));
        here.deliver(message(4, "after"));
        here.presenceTick();

        assertEquals(List.of("welcome ana #lobby [ana]", "everyone [bo, ana]", "4 bo: after"), ana.sent);
    }

    @Test
    void aNewcomerAdmittedIntoACrowdedRoomAfterLaterJoinsIsToldTheCountItMissedWhileWaiting() {
        RecordingPeer ana = new RecordingPeer();
        admitted(ana, "ana", 1);
        RecordingPeer bo = new RecordingPeer();
        Connection newcomer = connection(bo);
        here.expect(newcomer, "t2", "bo");
        here.deliver(joined(5, "bo"), crowd(150));
        here.deliver(joined(6, "cy"), crowd(151));
        here.presenceTick(); // reaches ana, not bo, who still waits

        assertTrue(here.admit(newcomer, Welcome.crowded("bo", "lobby", 150, false), List.of(), id(5), Set.of()));
        here.presenceTick();

        assertEquals(List.of("welcome ana #lobby [ana]", "presence 151 +2 [bo, cy] -0 []"), ana.sent);
        assertEquals(List.of("welcome bo #lobby 150 here", "presence 151 +0 [] -0 []"), bo.sent);
    }

    @Test
    void aNewcomerAdmittedWithNothingLaterIsToldNothingMore() {
        RecordingPeer bo = new RecordingPeer();
        Connection newcomer = connection(bo);
        here.expect(newcomer, "t2", "bo");
        here.deliver(joined(5, "bo"), crowd(150));

        assertTrue(here.admit(newcomer, Welcome.crowded("bo", "lobby", 150, false), List.of(), id(5), Set.of()));

        assertEquals(List.of("welcome bo #lobby 150 here"), bo.sent);
    }

    @Test
    void aPageGoesToTheMemberThatAskedIfItIsStillHere() {
        RecordingPeer ana = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        Connection anaConnection = admitted(ana, "ana", 1);
        admitted(bo, "bo", 2);
        MembersPage page = new MembersPage("lobby", List.of("ana", "bo"), Optional.empty(), 2);

        here.reply(anaConnection, page);
        here.remove(anaConnection);
        here.reply(anaConnection, page);

        assertEquals(List.of("welcome ana #lobby [ana]", "page [ana, bo] next - of 2"), ana.sent);
        assertEquals(List.of("welcome bo #lobby [bo]"), bo.sent);
    }
}

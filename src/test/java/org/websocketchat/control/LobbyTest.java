package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.websocketchat.control.Fakes.EPOCH;
import static org.websocketchat.control.Fakes.say;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.RecordingPeer;
import org.websocketchat.entity.CloseCodes;

/** Admission (names, rooms, resume, the connection cap), the set of open connections, shutdown. */
class LobbyTest extends LobbyFixture {

    @Test
    void admitsANamedClientToTheDefaultRoom() {
        RecordingPeer peer = new RecordingPeer();

        Connection connection = admitted(named("ana"), peer);

        assertEquals("ana", connection.name());
        assertEquals(Optional.of("lobby"), connection.room().map(Room::name));
        assertEquals(List.of("welcome ana #lobby [ana]"), peer.sent);
        assertEquals(List.of(), peer.closes);
        assertEquals(1, lobby.openConnections());
    }

    @Test
    void admitsToTheRequestedRoomLowerCased() {
        Connection connection = admitted(new Handshake(null, "ana", "Dev", null), new RecordingPeer());

        assertEquals(Optional.of("dev"), connection.room().map(Room::name));
    }

    @Test
    void theNameIsTrimmedAndNormalised() {
        Connection connection = admitted(named("  Ame\u0301lie "), new RecordingPeer());

        assertEquals("Am\u00e9lie", connection.name());
    }

    @Test
    void aClientWithoutANameIsAGuest() {
        // The lobby's random generator always yields 0, the lowest guest number.
        assertEquals("guest-1000", admitted(named(null), new RecordingPeer()).name());
        assertEquals("guest-1000-2", admitted(named(null), new RecordingPeer()).name());
    }

    @Test
    void thePrincipalNameWinsOverTheNameParameter() {
        Connection connection = admitted(new Handshake("Ana Admin", "mallory", null, null), new RecordingPeer());

        assertEquals("Ana Admin", connection.name());
    }

    @Test
    void aSignedInClientIsVerifiedAndAGuestIsNot() {
        RecordingPeer anasPeer = new RecordingPeer();
        RecordingPeer bosPeer = new RecordingPeer();
        Connection ana = admitted(new Handshake("ana", "mallory", null, null, Set.of("chat-moderator")), anasPeer);
        Connection bo = admitted(named("bo"), bosPeer);

        assertEquals(new Identity(true, Set.of("chat-moderator"), true, true), ana.identity());
        assertEquals(Identity.GUEST, bo.identity());
        assertEquals("welcome ana ✓ #lobby [ana✓]", anasPeer.sent.get(0));
        assertEquals("welcome bo #lobby [ana✓, bo]", bosPeer.sent.get(0));
    }

    @Test
    void aPrincipalWhoseNameHoldsControlCharactersIsClosed1008() {
        RecordingPeer peer = new RecordingPeer();

        assertEquals(Optional.empty(), lobby.admit(new Handshake("ana\tbo", null, null, null), peer, wire));
        assertEquals(List.of("POLICY_VIOLATION your user name holds control characters and cannot be shown"), peer.closes);
    }

    @Test
    void anInvalidNameParameterDoesNotMatterWhenThereIsAPrincipal() {
        Connection connection = admitted(new Handshake("ana", "<script>", null, null), new RecordingPeer());

        assertEquals("ana", connection.name());
    }

    @Test
    void sinceResumesFromTheGivenId() {
        Connection ana = admitted(named("ana"), new RecordingPeer()); // Joined: 1
        ana.receive(say("m2"));
        ana.receive(say("m3"));
        RecordingPeer bo = new RecordingPeer();

        admitted(new Handshake(null, "bo", null, EPOCH + "-2"), bo);

        assertEquals(List.of("welcome bo #lobby [ana, bo] resumed", "3 ana: m3"), bo.sent);
    }

    @Test
    void anUnreadableSinceGetsTheFullHistory() {
        Connection ana = admitted(named("ana"), new RecordingPeer());
        ana.receive(say("m2"));
        RecordingPeer bo = new RecordingPeer();

        admitted(new Handshake(null, "bo", null, "yesterday"), bo);

        assertEquals(List.of("welcome bo #lobby [ana, bo]", "2 ana: m2"), bo.sent);
    }

    @Test
    void anInvalidRoomIsRefused() {
        RecordingPeer peer = new RecordingPeer();

        assertEquals(Optional.empty(), admit(new Handshake(null, "ana", "no spaces", null), peer));

        assertEquals(List.of("POLICY_VIOLATION invalid room: use 1-32 of a-z 0-9 _ -"), peer.closes);
        assertEquals(List.of(), peer.sent);
        assertEquals(0, rooms.size());
    }

    @Test
    void anInvalidNameIsRefused() {
        RecordingPeer peer = new RecordingPeer();

        assertEquals(Optional.empty(), admit(named("<b>ana</b>"), peer));

        assertEquals(List.of("POLICY_VIOLATION invalid name: use 1-32 letters, digits, spaces or . _ -"), peer.closes);
        assertEquals(List.of(), peer.sent);
        assertEquals(0, lobby.openConnections());
    }

    @Test
    void theConnectionCapTurnsTheNextClientAwayUntilOneCloses() {
        Connection ana = admitted(named("ana"), new RecordingPeer());
        admitted(named("bo"), new RecordingPeer());
        RecordingPeer third = new RecordingPeer();

        assertEquals(Optional.empty(), admit(named("cy"), third));
        assertEquals(List.of("TRY_AGAIN_LATER server full, try again later"), third.closes);
        assertEquals(List.of(), third.sent);
        assertEquals(2, lobby.openConnections());

        lobby.closed(ana);

        assertEquals(1, lobby.openConnections());
        RecordingPeer fourth = new RecordingPeer();
        assertEquals("dee", admitted(named("dee"), fourth).name());
        assertEquals(List.of(), fourth.closes);
    }

    @Test
    void aConnectionReportedClosedTwiceFreesOneSlotOnly() {
        Connection ana = admitted(named("ana"), new RecordingPeer());
        admitted(named("bo"), new RecordingPeer());

        lobby.closed(ana);
        lobby.closed(ana);

        assertEquals(1, lobby.openConnections());
    }

    @Test
    void aClosedConnectionLeavesItsRoom() {
        RecordingPeer ana = new RecordingPeer();
        admitted(named("ana"), ana);
        Connection bo = admitted(named("bo"), new RecordingPeer());

        lobby.closed(bo);

        assertEquals("3 - bo", last(ana));
        assertEquals(List.of("ana"), rooms.room("lobby").memberNames());
    }

    @Test
    void shutdownClosesEveryConnectionWithGoingAwayAndTurnsNewcomersAway() {
        RecordingPeer ana = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        RecordingPeer cy = new RecordingPeer();
        admitted(named("ana"), ana);
        admitted(named("bo"), bo);
        assertEquals(Optional.empty(), lobby.notReady());

        lobby.shutdown(Duration.ZERO, Duration.ofSeconds(1));

        assertEquals(List.of("GOING_AWAY server shutting down"), ana.closes);
        assertEquals(List.of("GOING_AWAY server shutting down"), bo.closes);
        assertEquals(Optional.of("shutting down"), lobby.notReady());
        assertEquals(Optional.empty(), admit(named("cy"), cy));
        assertEquals(List.of("GOING_AWAY server shutting down"), cy.closes);
        assertEquals(List.of(), cy.sent);
    }

    @Test
    void aDrainingShutdownSpreadsTheClosesOverTheDrainTime() {
        List<RecordingPeer> peers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            RecordingPeer peer = new RecordingPeer();
            admitted(named("member" + i), peer);
            peers.add(peer);
        }
        List<Long> closedAt = new ArrayList<>();
        peers.forEach(peer -> peer.onClose = () -> closedAt.add(System.nanoTime()));

        lobby.shutdown(Duration.ofMillis(400), Duration.ofSeconds(1));

        peers.forEach(peer -> assertEquals(List.of("GOING_AWAY server shutting down"), peer.closes));
        Collections.sort(closedAt);
        // Two batches (the fixture admits two), at 0 and 200 ms: only the lower bound holds on a busy machine.
        assertTrue(closedAt.get(1) - closedAt.get(0) >= Duration.ofMillis(180).toNanos(),
                "the second close came " + (closedAt.get(1) - closedAt.get(0)) / 1_000_000 + " ms after the first");
    }

    @Test
    void shutdownReachesEveryRoom() {
        RecordingPeer ana = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        admitted(named("ana"), ana);
        admitted(new Handshake(null, "bo", "dev", null), bo);

        lobby.shutdown(Duration.ZERO, Duration.ofSeconds(1));

        assertEquals(List.of("GOING_AWAY server shutting down"), ana.closes);
        assertEquals(List.of("GOING_AWAY server shutting down"), bo.closes);
    }

    @Test
    void aClientTurnedAwayAtTheBoundaryIsClosedOnIoAndNeverAdmitted() {
        RecordingPeer peer = new RecordingPeer();

        lobby.refuse(peer, CloseCodes.POLICY_VIOLATION, "origin not allowed");

        assertEquals(List.of("POLICY_VIOLATION origin not allowed"), peer.closes);
        assertEquals(List.of(), peer.sent);
        assertEquals(0, lobby.openConnections());
    }
}

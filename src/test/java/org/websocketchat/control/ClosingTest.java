package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.websocketchat.control.Fakes.say;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.RecordingPeer;
import org.websocketchat.entity.CloseCodes;

/** How a connection ends (Closing): which close, after what, on which thread, and only once. */
class ClosingTest extends LobbyFixture {

    @Test
    void theRateLimitCloseWaitsUntilTheQueuedErrorsAreSentButTheRoomSeesTheLeaveAtOnce() {
        RecordingPeer peer = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        admitted(named("bo"), bo);
        peer.stalled = true;
        for (int i = 0; i < 3; i++) {
            ana.receive(say("ok " + i));
        }
        for (int i = 1; i <= 3; i++) {
            ana.receive(say("refused " + i));
        }

        assertEquals(List.of(), peer.closes, "two errors are still queued");
        assertEquals("6 - ana", last(bo));
        peer.resume();

        assertEquals(List.of("POLICY_VIOLATION rate limit exceeded"), peer.closes);
        assertEquals(List.of("error RATE_LIMITED too many messages: at most 2 per second",
                "error RATE_LIMITED too many messages: at most 2 per second"),
                peer.sent.subList(peer.sent.size() - 2, peer.sent.size()));
    }

    @Test
    void aDrainThatCannotFinishIsCutShortByTheFirstHeartbeatAfterOneInterval() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        peer.stalled = true;
        for (int i = 0; i < 3; i++) {
            ana.receive(say("ok " + i));
        }
        for (int i = 1; i <= 3; i++) {
            ana.receive(say("refused " + i));
        }

        advance(Duration.ofSeconds(30));
        lobby.heartbeat(true);
        assertEquals(List.of(), peer.closes, "one interval is not over yet");
        advance(Duration.ofNanos(1));
        lobby.heartbeat(true);

        assertEquals(List.of("POLICY_VIOLATION rate limit exceeded"), peer.closes);
        assertEquals(List.of(), peer.pings, "a connection that is ending is not pinged");
    }

    @Test
    void aCloseAfterDrainWithNothingQueuedClosesAtOnce() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);

        ana.endAfterDrain(CloseCodes.CANNOT_ACCEPT, "binary frames are not supported");

        assertEquals(List.of("CANNOT_ACCEPT binary frames are not supported"), peer.closes);
        assertEquals(List.of(), rooms.room("lobby").memberNames());
    }

    /**
     * A send can fail inside a broadcast, under the room's lock; the leave then runs later on the
     * {@code io} executor, as in production (a same-thread executor would re-enter the room).
     * The container, which failed the send, closes the connection itself; the server closes it
     * only if the container has not reported it closed one heartbeat interval later.
     */
    @Test
    void aSendThatFailsLeavesAtOnceAndIsClosed1011OnlyIfTheContainerStillHoldsItAfterAnInterval() {
        Deque<Runnable> io = new ArrayDeque<>();
        Lobby lobby = deferred(io);
        RecordingPeer peer = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        lobby.admit(named("ana"), peer, wire).orElseThrow();
        Connection boConnection = lobby.admit(named("bo"), bo, wire).orElseThrow();
        runAll(io);
        peer.failure = new IllegalStateException("refused by the container");
        bo.sent.clear();

        boConnection.receive(say("hi"));
        runAll(io);
        assertEquals(List.of("3 bo: hi", "4 - ana"), bo.sent);
        advance(Duration.ofSeconds(30));
        lobby.heartbeat(true);
        runAll(io);
        assertEquals(List.of(), peer.closes, "the container gets one interval to close it");

        advance(Duration.ofNanos(1));
        lobby.heartbeat(true);
        runAll(io);
        assertEquals(List.of("UNEXPECTED_CONDITION send failed"), peer.closes);
    }

    @Test
    void aSendThatFailsIsNotClosedAgainOnceTheContainerHasClosedIt() {
        Deque<Runnable> io = new ArrayDeque<>();
        Lobby lobby = deferred(io);
        RecordingPeer peer = new RecordingPeer();
        Connection ana = lobby.admit(named("ana"), peer, wire).orElseThrow();
        Connection bo = lobby.admit(named("bo"), new RecordingPeer(), wire).orElseThrow();
        runAll(io);
        peer.failure = new IllegalStateException("session closed");

        bo.receive(say("hi"));
        lobby.closed(ana);
        advance(Duration.ofSeconds(31));
        lobby.heartbeat(true);
        runAll(io);

        assertEquals(List.of(), peer.closes);
        assertEquals(List.of("bo"), rooms.room("lobby").memberNames());
    }

    /**
     * A close the client's own frame brought about runs on the thread that delivered the frame,
     * not on {@code io}: on GlassFish and Payara a close from another thread races with the
     * container's own work on the connection. The leave it also queues finds the room left.
     */
    @Test
    void aCloseTheClientsFrameBroughtAboutRunsOnTheThreadThatDeliveredIt() {
        Deque<Runnable> io = new ArrayDeque<>();
        Lobby lobby = deferred(io);
        RecordingPeer flood = new RecordingPeer();
        RecordingPeer binary = new RecordingPeer();
        RecordingPeer big = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        Connection floodConnection = lobby.admit(named("flood"), flood, wire).orElseThrow();
        Connection binaryConnection = lobby.admit(named("binary"), binary, wire).orElseThrow();
        runAll(io);
        for (int i = 0; i < 6; i++) {
            floodConnection.receive(say("m" + i));
        }
        binaryConnection.endAfterDrain(CloseCodes.CANNOT_ACCEPT, "binary frames are not supported");
        Connection bigConnection = lobby.admit(named("big"), big, wire).orElseThrow();
        lobby.admit(named("bo"), bo, wire).orElseThrow();
        bigConnection.refuse(CloseCodes.TOO_BIG, "message too big");

        assertEquals(List.of("POLICY_VIOLATION rate limit exceeded"), flood.closes);
        assertEquals(List.of("CANNOT_ACCEPT binary frames are not supported"), binary.closes);
        assertEquals(List.of("TOO_BIG message too big"), big.closes);
        assertEquals(List.of("bo"), rooms.room("lobby").memberNames());
        runAll(io);
        assertEquals(1, bo.sent.stream().filter(frame -> frame.endsWith(" - big")).count(), "one leave, announced once");
    }

    /**
     * A drain that ends later hands the close to {@code io}, even on the thread that asked for
     * it: by then that pool thread may be completing a send inside the container's callback.
     */
    @Test
    void aDrainThatEndsLaterHandsTheCloseToIoEvenOnTheThreadThatAskedForIt() {
        Deque<Runnable> io = new ArrayDeque<>();
        Lobby lobby = deferred(io);
        RecordingPeer peer = new RecordingPeer();
        Connection ana = lobby.admit(named("ana"), peer, wire).orElseThrow();
        peer.stalled = true;
        ana.receive(say("ok"));
        ana.endAfterDrain(CloseCodes.CANNOT_ACCEPT, "binary frames are not supported");

        peer.resume();
        assertEquals(List.of(), peer.closes, "the drain ended in a send's completion, which hands the close on");
        runAll(io);
        assertEquals(List.of("CANNOT_ACCEPT binary frames are not supported"), peer.closes);
    }

    @Test
    void anEndingLeavesAtOnceAndClosesOnceTheFrameInFlightIsSent() {
        RecordingPeer peer = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        admitted(named("bo"), bo);
        peer.stalled = true;
        ana.receive(say("hi"));
        ana.receive(say("queued"));

        ana.end(CloseCodes.POLICY_VIOLATION, "slow consumer");

        assertEquals("4 - ana", last(bo));
        assertEquals(List.of(), peer.closes);
        peer.resume();
        assertEquals(List.of("POLICY_VIOLATION slow consumer"), peer.closes);
        assertEquals("3 ana: hi", last(peer), "the queued frame was dropped");
    }

    @Test
    void aConnectionIsClosedOnlyOnce() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        advance(HEARTBEAT_TIMEOUT.plusNanos(1));

        lobby.heartbeat(true);
        lobby.shutdown(Duration.ZERO, Duration.ofSeconds(1));

        assertTrue(ana.end(CloseCodes.POLICY_VIOLATION, "again").isDone());

        assertEquals(List.of("GOING_AWAY heartbeat timeout"), peer.closes);
    }

    /**
     * A peer reports every close it is handed, but one it never reports would keep the
     * connection counted open, under the cap, for good: a heartbeat interval after the close
     * was handed over, the lobby forgets it.
     */
    @Test
    void aCloseThePeerNeverReportsIsForgottenOneIntervalAfterItWasHandedOver() {
        RecordingPeer peer = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        admitted(named("ana"), peer);
        admitted(named("bo"), bo);
        advance(HEARTBEAT_TIMEOUT.plusNanos(1));
        bo.sent.clear();
        lobby.heartbeat(true);
        assertEquals(List.of("GOING_AWAY heartbeat timeout"), peer.closes);
        assertEquals(List.of("GOING_AWAY heartbeat timeout"), bo.closes);
        assertEquals(2, lobby.openConnections(), "the peer has not reported the closes yet");

        advance(Duration.ofSeconds(30));
        lobby.heartbeat(true);
        assertEquals(2, lobby.openConnections(), "the peer gets one interval to report them");
        advance(Duration.ofNanos(1));
        lobby.heartbeat(true);

        assertEquals(0, lobby.openConnections());
        assertEquals(List.of("GOING_AWAY heartbeat timeout"), peer.closes, "closed once, not again");
        RecordingPeer cy = new RecordingPeer();
        assertEquals("cy", admitted(named("cy"), cy).name(), "under the cap of two again");
        assertEquals(List.of(), cy.closes);
    }
}

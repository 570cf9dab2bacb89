package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.websocketchat.control.RoomTest.CLOCK;
import static org.websocketchat.control.RoomTest.DIRECT;
import static org.websocketchat.control.RoomTest.EPOCH;
import static org.websocketchat.control.RoomTest.counting;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.RoomTest.FakeWire;
import org.websocketchat.control.RoomTest.RecordingPeer;
import org.websocketchat.entity.CloseCodes;

class LobbyTest {

    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(75);
    private static final int SPACING = Connection.PING_SPACING_BYTES;

    private final AtomicLong nanoTime = new AtomicLong(1_000_000_000L);
    private final FakeWire wire = new FakeWire();
    private final RoomRegistry rooms = new RoomRegistry(50, CLOCK);

    /** Text of at most 5 characters, 2 messages per second with a burst of 3, closed after 3 refusals in a row, 2 connections. */
    private final Lobby lobby = new Lobby(rooms,
            new Limits(5, 2, 3, 3, 100, 1_048_576, Duration.ofSeconds(30), HEARTBEAT_TIMEOUT, 2),
            DIRECT, nanoTime::get, () -> 0L, counting());

    private static Handshake named(String name) {
        return new Handshake(null, name, null, null, false);
    }

    private Optional<Connection> admit(Handshake handshake, RecordingPeer peer) {
        return lobby.admit(handshake, peer, wire);
    }

    private Connection admitted(Handshake handshake, RecordingPeer peer) {
        return admit(handshake, peer).orElseThrow(() -> new AssertionError("refused: " + peer.closes));
    }

    private void advance(Duration duration) {
        nanoTime.addAndGet(duration.toNanos());
    }

    private static String last(RecordingPeer peer) {
        return peer.sent.get(peer.sent.size() - 1);
    }

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
        Connection connection = admitted(new Handshake(null, "ana", "Dev", null, false), new RecordingPeer());

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
        Connection connection = admitted(new Handshake("Ana Admin", "mallory", null, null, false), new RecordingPeer());

        assertEquals("Ana Admin", connection.name());
    }

    @Test
    void anInvalidNameParameterDoesNotMatterWhenThereIsAPrincipal() {
        Connection connection = admitted(new Handshake("ana", "<script>", null, null, false), new RecordingPeer());

        assertEquals("ana", connection.name());
    }

    @Test
    void sinceResumesFromTheGivenId() {
        Connection ana = admitted(named("ana"), new RecordingPeer()); // Joined: 1
        ana.receive("m2");
        ana.receive("m3");
        RecordingPeer bo = new RecordingPeer();

        admitted(new Handshake(null, "bo", null, EPOCH + "-2", false), bo);

        assertEquals(List.of("welcome bo #lobby [ana, bo] resumed", "3 ana: m3"), bo.sent);
    }

    @Test
    void anUnreadableSinceGetsTheFullHistory() {
        Connection ana = admitted(named("ana"), new RecordingPeer());
        ana.receive("m2");
        RecordingPeer bo = new RecordingPeer();

        admitted(new Handshake(null, "bo", null, "yesterday", false), bo);

        assertEquals(List.of("welcome bo #lobby [ana, bo]", "2 ana: m2"), bo.sent);
    }

    @Test
    void aRefusedOriginIsClosedBeforeAnythingIsSent() {
        RecordingPeer peer = new RecordingPeer();

        Optional<Connection> connection = admit(new Handshake(null, "ana", null, null, true), peer);

        assertEquals(Optional.empty(), connection);
        assertEquals(List.of("POLICY_VIOLATION origin not allowed"), peer.closes);
        assertEquals(List.of(), peer.sent);
        assertEquals(0, lobby.openConnections());
    }

    @Test
    void anInvalidRoomIsRefused() {
        RecordingPeer peer = new RecordingPeer();

        assertEquals(Optional.empty(), admit(new Handshake(null, "ana", "no spaces", null, false), peer));

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
    void messagesBeyondTheBurstAreRefusedWithRateLimited() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);

        ana.receive("a");
        ana.receive("b");
        ana.receive("c");
        ana.receive("d");

        assertEquals(List.of("welcome ana #lobby [ana]", "2 ana: a", "3 ana: b", "4 ana: c",
                "error RATE_LIMITED too many messages: at most 2 per second"), peer.sent);
        assertEquals(List.of(), peer.closes);
    }

    @Test
    void theRateLimitRefillsOverTime() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        ana.receive("a");
        ana.receive("b");
        ana.receive("c");

        advance(Duration.ofMillis(500));
        ana.receive("d");

        assertEquals("5 ana: d", last(peer));
    }

    @Test
    void tooManyRefusalsInARowCloseTheConnection() {
        RecordingPeer peer = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        admitted(named("bo"), bo);
        for (int i = 0; i < 3; i++) {
            ana.receive("ok " + i);
        }

        ana.receive("refused 1");
        ana.receive("refused 2");
        assertEquals(List.of(), peer.closes);
        ana.receive("refused 3");

        assertEquals(List.of("POLICY_VIOLATION rate limit exceeded"), peer.closes);
        assertEquals(List.of("error RATE_LIMITED too many messages: at most 2 per second",
                "error RATE_LIMITED too many messages: at most 2 per second"),
                peer.sent.subList(peer.sent.size() - 2, peer.sent.size()));
        assertEquals("6 - ana", last(bo));
    }

    @Test
    void aConnectionThatIsEndingSaysNothingMoreWhileItsLeaveIsStillQueued() {
        Deque<Runnable> io = new ArrayDeque<>();
        Lobby deferred = deferred(io);
        RecordingPeer bo = new RecordingPeer();
        deferred.admit(named("bo"), bo, wire).orElseThrow();
        Connection ana = deferred.admit(named("ana"), new RecordingPeer(), wire).orElseThrow();
        for (int i = 0; i < 3; i++) {
            ana.receive("ok " + i);
        }
        for (int i = 1; i <= 3; i++) {
            ana.receive("no " + i);
        }
        advance(Duration.ofSeconds(1));

        ana.receive("late");
        runAll(io);

        assertEquals(List.of("5 ana: ok 2", "6 - ana"), bo.sent.subList(bo.sent.size() - 2, bo.sent.size()));
    }

    @Test
    void theRateLimitCloseWaitsUntilTheQueuedErrorsAreSentButTheRoomSeesTheLeaveAtOnce() {
        RecordingPeer peer = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        admitted(named("bo"), bo);
        peer.stalled = true;
        for (int i = 0; i < 3; i++) {
            ana.receive("ok " + i);
        }
        for (int i = 1; i <= 3; i++) {
            ana.receive("refused " + i);
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
            ana.receive("ok " + i);
        }
        for (int i = 1; i <= 3; i++) {
            ana.receive("refused " + i);
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

        boConnection.receive("hi");
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

        bo.receive("hi");
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
            floodConnection.receive("m" + i);
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
        ana.receive("ok");
        ana.endAfterDrain(CloseCodes.CANNOT_ACCEPT, "binary frames are not supported");

        peer.resume();
        assertEquals(List.of(), peer.closes, "the drain ended in a send's completion, which hands the close on");
        runAll(io);
        assertEquals(List.of("CANNOT_ACCEPT binary frames are not supported"), peer.closes);
    }

    private Lobby deferred(Deque<Runnable> io) {
        return new Lobby(rooms, new Limits(5, 2, 3, 3, 100, 1_048_576, Duration.ofSeconds(30), HEARTBEAT_TIMEOUT, 4),
                io::add, nanoTime::get, () -> 0L, counting());
    }

    /** Runs the tasks, and the tasks they hand on, until none is left. */
    private static void runAll(Deque<Runnable> tasks) {
        while (!tasks.isEmpty()) {
            tasks.remove().run();
        }
    }

    @Test
    void anAcceptedMessageResetsTheCountOfRefusalsInARow() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        for (int i = 0; i < 3; i++) {
            ana.receive("ok " + i);
        }
        ana.receive("refused 1");
        ana.receive("refused 2");

        advance(Duration.ofMillis(500));
        ana.receive("accepted");
        ana.receive("refused 1 again");
        ana.receive("refused 2 again");

        assertEquals(List.of(), peer.closes);
        assertEquals("error RATE_LIMITED too many messages: at most 2 per second", last(peer));
    }

    @Test
    void aFractionalRateIsShownAsADecimal() {
        Lobby slow = new Lobby(rooms, new Limits(5, 0.5, 1, 3, 100, 1_048_576, Duration.ofSeconds(30), HEARTBEAT_TIMEOUT, 2),
                DIRECT, nanoTime::get, () -> 0L, counting());
        RecordingPeer peer = new RecordingPeer();
        Connection ana = slow.admit(named("ana"), peer, wire).orElseThrow();

        ana.receive("a");
        ana.receive("b");

        assertEquals("error RATE_LIMITED too many messages: at most 0.5 per second", last(peer));
    }

    @Test
    void tooLongTextIsRefusedWithTooLong() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);

        ana.receive("123456");

        assertEquals("error TOO_LONG message too long (max 5 characters)", last(peer));
        assertEquals(List.of("welcome ana #lobby [ana]", "error TOO_LONG message too long (max 5 characters)"), peer.sent);
    }

    @Test
    void theLengthLimitCountsCodePointsNotChars() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        String fiveEmoji = "😀".repeat(5); // 10 chars

        ana.receive(fiveEmoji);

        assertEquals("2 ana: " + fiveEmoji, last(peer));
    }

    @Test
    void blankTextIsABadRequest() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);

        ana.receive(" \t ");

        assertEquals("error BAD_REQUEST empty message", last(peer));
    }

    /** Each beat {@code step} apart, starting one {@code step} from now. */
    private void beats(int count, Duration step) {
        for (int i = 0; i < count; i++) {
            advance(step);
            lobby.heartbeat(true);
        }
    }

    @Test
    void heartbeatPingsANewConnectionWithinTheTimeout() {
        RecordingPeer peer = new RecordingPeer();
        admitted(named("ana"), peer);

        advance(HEARTBEAT_TIMEOUT);
        lobby.heartbeat(true);

        assertEquals(List.of(1L), peer.pings);
        assertEquals(List.of(), peer.closes);
    }

    @Test
    void aCheckBetweenPingsEndsAnOverdueConnectionButPingsNobody() {
        RecordingPeer silent = new RecordingPeer();
        RecordingPeer fresh = new RecordingPeer();
        admitted(named("ana"), silent);
        advance(Duration.ofSeconds(10));
        admitted(named("bo"), fresh);

        advance(HEARTBEAT_TIMEOUT.minusSeconds(10).plusNanos(1));
        lobby.heartbeat(false);

        assertEquals(List.of("GOING_AWAY heartbeat timeout"), silent.closes);
        assertEquals(List.of(), fresh.closes);
        assertEquals(List.of(), fresh.pings, "pings only when due");
    }

    @Test
    void everyPingCarriesAFreshToken() {
        RecordingPeer peer = new RecordingPeer();
        admitted(named("ana"), peer);

        beats(2, Duration.ofSeconds(30));

        assertEquals(List.of(1L, 2L), peer.pings);
    }

    @Test
    void heartbeatClosesAConnectionSilentPastTheTimeoutAndItLeavesTheRoom() {
        RecordingPeer silent = new RecordingPeer();
        RecordingPeer answering = new RecordingPeer();
        admitted(named("ana"), silent);
        Connection bo = admitted(named("bo"), answering);
        beats(1, Duration.ofSeconds(30));
        // The lobby pings its connections in no particular order.
        assertEquals(Set.of(1L, 2L), Set.of(silent.pings.get(0), answering.pings.get(0)));
        advance(Duration.ofSeconds(30));
        bo.pong(answering.echo(0));

        advance(Duration.ofSeconds(15).plusNanos(1));
        lobby.heartbeat(true);

        assertEquals(List.of("GOING_AWAY heartbeat timeout"), silent.closes);
        assertEquals(1, silent.pings.size(), "not pinged again once it is closed");
        assertEquals(List.of(), answering.closes);
        assertEquals(List.of(answering.pings.get(0), 3L), answering.pings);
        assertEquals("3 - ana", last(answering));
        assertEquals(List.of("bo"), rooms.room("lobby").memberNames());
    }

    @Test
    void anEchoedPingKeepsAConnectionOpenUntilOneTimeoutAfterTheAnswer() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        beats(1, Duration.ofSeconds(30));
        advance(Duration.ofSeconds(1));
        ana.pong(peer.echo(0)); // at 31 s

        beats(1, Duration.ofSeconds(74)); // 105 s, 74 s after the answer
        assertEquals(List.of(), peer.closes);
        assertEquals(List.of(1L, 2L), peer.pings);
        beats(1, Duration.ofSeconds(1).plusNanos(1));

        // Nothing heard since the answer either: silent, not slow.
        assertEquals(List.of("GOING_AWAY heartbeat timeout"), peer.closes);
    }

    /**
     * The client that Tyrus hides: its sends "complete" as soon as they are buffered, so its
     * outbox never fills, but it never reads a ping, so it never answers one.
     */
    @Test
    void aClientThatWritesButNeverAnswersAPingIsClosedAsASlowConsumer() {
        RecordingPeer peer = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        Connection boConnection = admitted(named("bo"), bo);
        beats(2, Duration.ofSeconds(30));
        boConnection.pong(bo.echo(1));
        advance(Duration.ofSeconds(10));
        ana.receive("hi"); // at 70 s

        beats(1, Duration.ofSeconds(5).plusNanos(1));

        assertEquals(List.of("POLICY_VIOLATION slow consumer"), peer.closes);
        assertEquals(List.of(), bo.closes);
        assertEquals("4 - ana", last(bo));
        assertEquals(List.of("bo"), rooms.room("lobby").memberNames());
    }

    @Test
    void unsolicitedPongsAreHeardButAreNoAnswer() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        beats(2, Duration.ofSeconds(30));
        ana.pong(new byte[0]);
        ana.pong(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0}); // token 1 and a byte too many
        advance(Duration.ofSeconds(14));
        ana.pong(new byte[] {0, 0, 0, 0, 0, 0, 0, 99}); // a token never sent

        beats(1, Duration.ofSeconds(1).plusNanos(1));

        assertEquals(List.of("POLICY_VIOLATION slow consumer"), peer.closes);
    }

    @Test
    void anAnswerCountsOnceAndForgetsThePingsBeforeIt() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        beats(2, Duration.ofSeconds(30));
        advance(Duration.ofSeconds(1));
        ana.pong(peer.echo(1)); // at 61 s: ping 2 answered, ping 1 forgotten
        advance(Duration.ofSeconds(1));
        ana.pong(peer.echo(1)); // a replay
        ana.pong(peer.echo(0)); // too late

        beats(2, Duration.ofSeconds(29)); // 91 s and 120 s: still within 75 s of the answer
        assertEquals(List.of(), peer.closes);
        beats(1, Duration.ofSeconds(16).plusNanos(1)); // 136 s

        assertEquals(List.of("POLICY_VIOLATION slow consumer"), peer.closes);
        assertEquals(List.of(1L, 2L, 3L, 4L), peer.pings);
    }

    /**
     * A ping waits behind the frame in flight, so it is answered only by a client that has read
     * that frame; while it waits, the heartbeat queues no second one.
     */
    @Test
    void aPingWaitsBehindASendInFlightAndOnlyOneWaits() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        peer.stalled = true;
        ana.receive("hi");

        beats(2, Duration.ofSeconds(30));
        assertEquals(List.of(), peer.pings);
        advance(Duration.ofSeconds(1));
        peer.resume();
        assertEquals(List.of(1L), peer.pings, "no second token drawn while the first waited");
        ana.pong(peer.echo(0)); // at 61 s

        beats(1, Duration.ofSeconds(74));
        assertEquals(List.of(), peer.closes);
        assertEquals(List.of(1L, 2L), peer.pings);
    }

    /** Every ping restarts the count, the heartbeat's too; the spaced ping goes right behind the frame that fills the spacing. */
    @Test
    void aPingFollowsEachSpacingOfBytesQueued() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        beats(1, Duration.ofSeconds(30)); // ping 1

        ana.deliver(new Frame("a", SPACING / 2));
        ana.deliver(new Frame("b", SPACING / 2 - 1));
        ana.deliver(new Frame("c", 1));
        ana.deliver(new Frame("d", SPACING - 1));
        ana.deliver(new Frame("e", 2));
        ana.deliver(new Frame("f", SPACING - 2));

        assertEquals(List.of("welcome ana #lobby [ana]", "(ping 1)", "a", "b", "c", "(ping 2)", "d", "e", "(ping 3)", "f"),
                peer.log);
    }

    /**
     * Where the container buffers a burst as soon as it is handed over (Tyrus), a client may need
     * longer than the timeout to read it all. The pings spread through the burst let it show its
     * progress: one answered every 30 s keeps it open for 300 s, and when it stops answering it
     * is closed one timeout after the last answer.
     */
    @Test
    void aClientReadingThroughABacklogLongerThanTheTimeoutStaysOpenWhileItAnswers() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        for (int i = 0; i < 10; i++) {
            ana.deliver(new Frame("burst " + i, SPACING));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), peer.pings);

        for (int answered = 0; answered < 10; answered++) {
            beats(1, Duration.ofSeconds(30)); // a heartbeat ping behind the burst each time
            ana.pong(peer.echo(answered)); // the ping after burst frame number `answered`
        }
        assertEquals(List.of(), peer.closes, "300 s of reading, one answer every 30 s");
        assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), peer.pings);

        advance(Duration.ofSeconds(70));
        ana.receive("hi"); // at 370 s: it still writes, but reads no more
        beats(1, Duration.ofSeconds(5)); // 375 s, one timeout after the last answer
        assertEquals(List.of(), peer.closes);
        beats(1, Duration.ofNanos(1));

        assertEquals(List.of("POLICY_VIOLATION slow consumer"), peer.closes);
    }

    @Test
    void aSpacedPingWaitingBehindAStalledSendStandsInForTheHeartbeatsPing() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        peer.stalled = true;
        ana.deliver(new Frame("a", SPACING)); // in flight, a ping queued behind it

        beats(2, Duration.ofSeconds(30));
        assertEquals(List.of(), peer.pings);
        peer.resume();

        assertEquals(List.of(1L), peer.pings);
    }

    /**
     * The server, not the client, is behind: its outbox still holds the pings, and hands frames
     * over one a heartbeat. The client is not closed while a ping waits in the moving outbox and
     * the one ping that went out is younger than the timeout, though nothing was answered for
     * longer than that.
     */
    @Test
    void aPingStillWaitingInAMovingOutboxDoesNotCountAgainstTheClient() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        peer.stalled = true;
        ana.deliver(new Frame("a", SPACING)); // in flight; ping 1 behind it
        ana.deliver(new Frame("b", SPACING)); // ping 2 behind it
        ana.deliver(new Frame("c", SPACING)); // ping 3 behind it

        beats(1, Duration.ofSeconds(30));
        peer.completeOne(); // a: ping 1 goes out at 30 s
        beats(1, Duration.ofSeconds(30));
        peer.completeOne(); // ping 1 sent: b goes out
        beats(1, Duration.ofSeconds(30)); // 90 s without an answer; ping 1 out for 60 s

        assertEquals(List.of(), peer.closes);
        assertEquals(List.of(1L), peer.pings);
        ana.pong(peer.echo(0)); // at 90 s
        peer.completeOne(); // b: ping 2 goes out at 90 s
        beats(3, Duration.ofSeconds(25)); // 165 s: 75 s after the answer
        assertEquals(List.of(), peer.closes);

        beats(1, Duration.ofNanos(1));

        assertEquals(List.of(), rooms.room("lobby").memberNames(), "ping 2 went out 75 s ago and the outbox has stopped");
        peer.completeOne(); // ping 2; the close frame follows it
        assertEquals(List.of("GOING_AWAY heartbeat timeout"), peer.closes);
        assertEquals(List.of(1L, 2L), peer.pings);
    }

    /** However busy the outbox, a ping that went out must be answered within the timeout. */
    @Test
    void aPingThatWentOutMustBeAnsweredEvenWhileOthersWaitInAMovingOutbox() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        peer.stalled = true;
        ana.deliver(new Frame("a", SPACING)); // in flight; ping 1 behind it
        ana.deliver(new Frame("b", SPACING)); // ping 2 behind it
        peer.completeOne(); // a: ping 1 goes out at once

        for (int i = 0; i < 3; i++) {
            beats(1, Duration.ofSeconds(25));
            ana.receive("hi"); // heard, and the outbox moves each time: more queued behind ping 2
            peer.completeOne();
        }
        assertEquals(List.of("ana"), rooms.room("lobby").memberNames(), "75 s");
        beats(1, Duration.ofNanos(1));

        assertEquals(List.of(), rooms.room("lobby").memberNames(), "ping 1 went out 75 s ago");
        peer.completeOne(); // the frame in flight; the close frame follows it
        assertEquals(List.of("POLICY_VIOLATION slow consumer"), peer.closes);
    }

    /**
     * Only so many tokens are kept: the answer to a forgotten one is only heard, the answer to
     * the oldest one kept counts.
     */
    @Test
    void beyondTheCapTheOldestUnansweredTokensAreForgotten() {
        RecordingPeer anaPeer = new RecordingPeer();
        RecordingPeer boPeer = new RecordingPeer();
        Connection ana = admitted(named("ana"), anaPeer);
        Connection bo = admitted(named("bo"), boPeer);
        for (int i = 0; i <= Connection.MAX_UNANSWERED_PINGS; i++) {
            ana.deliver(new Frame("a", SPACING));
            bo.deliver(new Frame("b", SPACING));
        }
        advance(Duration.ofSeconds(1));
        ana.pong(anaPeer.echo(0));
        bo.pong(boPeer.echo(1));

        beats(1, HEARTBEAT_TIMEOUT.minusSeconds(1).plusNanos(1)); // 75 s after admission

        assertEquals(List.of("POLICY_VIOLATION slow consumer"), anaPeer.closes);
        assertEquals(List.of(), boPeer.closes);
    }

    @Test
    void aStalledClientThatStillWritesIsClosedAsASlowConsumerEvenBeforeItsOutboxFills() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        peer.stalled = true;
        ana.receive("hi");
        beats(2, Duration.ofSeconds(30));
        ana.pong(new byte[0]); // at 60 s

        beats(1, Duration.ofSeconds(15).plusNanos(1));

        assertEquals(List.of(), rooms.room("lobby").memberNames(), "it leaves at once");
        assertEquals(List.of(), peer.closes, "the close waits for the send in flight");
        beats(1, Duration.ofSeconds(30));
        assertEquals(List.of(), peer.closes);
        beats(1, Duration.ofNanos(1));

        assertEquals(List.of("POLICY_VIOLATION slow consumer"), peer.closes, "cut short after one interval");
        assertEquals(List.of(), peer.pings, "the ping never got past the stalled send");
    }

    @Test
    void anEndingLeavesAtOnceAndClosesOnceTheFrameInFlightIsSent() {
        RecordingPeer peer = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        admitted(named("bo"), bo);
        peer.stalled = true;
        ana.receive("hi");
        ana.receive("queued");

        ana.end(CloseCodes.POLICY_VIOLATION, "slow consumer");

        assertEquals("4 - ana", last(bo));
        assertEquals(List.of(), peer.closes);
        peer.resume();
        assertEquals(List.of("POLICY_VIOLATION slow consumer"), peer.closes);
        assertEquals("3 ana: hi", last(peer), "the queued frame was dropped");
    }

    @Test
    void shutdownClosesEveryConnectionWithGoingAwayAndNobodyHearsWhoLeft() {
        RecordingPeer ana = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        RecordingPeer cy = new RecordingPeer();
        admitted(named("ana"), ana);
        admitted(named("bo"), bo);
        List<String> anaBefore = List.copyOf(ana.sent);
        List<String> boBefore = List.copyOf(bo.sent);

        lobby.shutdown(Duration.ofSeconds(1));

        assertEquals(List.of("GOING_AWAY server shutting down"), ana.closes);
        assertEquals(List.of("GOING_AWAY server shutting down"), bo.closes);
        assertEquals(anaBefore, ana.sent);
        assertEquals(boBefore, bo.sent);
        assertEquals(Optional.empty(), admit(named("cy"), cy));
        assertEquals(List.of("GOING_AWAY server shutting down"), cy.closes);
        assertEquals(List.of(), cy.sent);
    }

    @Test
    void shutdownReachesEveryRoom() {
        RecordingPeer ana = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        admitted(named("ana"), ana);
        admitted(new Handshake(null, "bo", "dev", null, false), bo);

        lobby.shutdown(Duration.ofSeconds(1));

        assertEquals(List.of("GOING_AWAY server shutting down"), ana.closes);
        assertEquals(List.of("GOING_AWAY server shutting down"), bo.closes);
    }

    @Test
    void aConnectionIsClosedOnlyOnce() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        advance(HEARTBEAT_TIMEOUT.plusNanos(1));

        lobby.heartbeat(true);
        lobby.shutdown(Duration.ofSeconds(1));

        assertTrue(ana.end(CloseCodes.POLICY_VIOLATION, "again").isDone());

        assertEquals(List.of("GOING_AWAY heartbeat timeout"), peer.closes);
    }
}

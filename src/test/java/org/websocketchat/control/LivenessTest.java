package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.websocketchat.control.Fakes.say;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.RecordingPeer;
import org.websocketchat.wire.Frame;

/** Whether a client still reads (Liveness): pings with tokens, answers, timeouts, the server-behind rule. */
class LivenessTest extends LobbyFixture {

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
        ana.receive(say("hi")); // at 70 s

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
        ana.pong(ByteBuffer.allocate(0));
        ana.pong(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0})); // token 1 and a byte too many
        advance(Duration.ofSeconds(14));
        ana.pong(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 99})); // a token never sent

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
        ana.receive(say("hi"));

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

    /**
     * A client that has read all but 16 KiB of what it was handed is written to directly; past
     * that, frames go the async way until it answers a ping, which shows what it has read.
     */
    @Test
    void framesAreWrittenDirectlyWhileTheClientIsKnownToHaveReadAllButSixteenKiB() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        String welcome = peer.sent.get(0);
        int quarter = Liveness.DIRECT_WRITE_BYTES / 4;

        ana.deliver(new Frame("a", quarter));
        ana.deliver(new Frame("b", quarter));
        ana.deliver(new Frame("c", quarter));

        assertEquals(List.of(welcome, "a", "b", "(ping 1)", "c"), peer.log, "a ping follows 8 KiB");
        assertEquals(List.of(welcome, "a", "b", "c"), peer.direct, "nothing read yet, but all within 16 KiB");
        ana.deliver(new Frame("d", quarter));
        assertEquals(List.of(welcome, "a", "b", "c"), peer.direct, "d goes beyond 16 KiB unread");

        ana.pong(peer.echo(0));
        ana.deliver(new Frame("e", quarter));

        assertEquals(List.of(welcome, "a", "b", "c", "e"), peer.direct, "the answer shows a and b read: 12 KiB unread with e");
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
        ana.receive(say("hi")); // at 370 s: it still writes, but reads no more
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
            ana.receive(say("hi")); // heard, and the outbox moves each time: more queued behind ping 2
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
        for (int i = 0; i <= Liveness.MAX_UNANSWERED_PINGS; i++) {
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
        ana.receive(say("hi"));
        beats(2, Duration.ofSeconds(30));
        ana.pong(ByteBuffer.allocate(0)); // at 60 s

        beats(1, Duration.ofSeconds(15).plusNanos(1));

        assertEquals(List.of(), rooms.room("lobby").memberNames(), "it leaves at once");
        assertEquals(List.of(), peer.closes, "the close waits for the send in flight");
        beats(1, Duration.ofSeconds(30));
        assertEquals(List.of(), peer.closes);
        beats(1, Duration.ofNanos(1));

        assertEquals(List.of("POLICY_VIOLATION slow consumer"), peer.closes, "cut short after one interval");
        assertEquals(List.of(), peer.pings, "the ping never got past the stalled send");
    }
}

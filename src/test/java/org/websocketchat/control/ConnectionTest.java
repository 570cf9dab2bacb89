package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.websocketchat.control.Fakes.DIRECT;
import static org.websocketchat.control.Fakes.counting;
import static org.websocketchat.control.Fakes.say;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.RecordingPeer;

/** A connection's commands within its limits: rate, length, blank text; nothing more once it is ending. */
class ConnectionTest extends LobbyFixture {

    @Test
    void messagesBeyondTheBurstAreRefusedWithRateLimited() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);

        ana.receive(say("a"));
        ana.receive(say("b"));
        ana.receive(say("c"));
        ana.receive(say("d"));

        assertEquals(List.of("welcome ana #lobby [ana]", "2 ana: a", "3 ana: b", "4 ana: c",
                "error RATE_LIMITED too many messages: at most 2 per second"), peer.sent);
        assertEquals(List.of(), peer.closes);
    }

    @Test
    void theRateLimitRefillsOverTime() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        ana.receive(say("a"));
        ana.receive(say("b"));
        ana.receive(say("c"));

        advance(Duration.ofMillis(500));
        ana.receive(say("d"));

        assertEquals("5 ana: d", last(peer));
    }

    @Test
    void tooManyRefusalsInARowCloseTheConnection() {
        RecordingPeer peer = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        admitted(named("bo"), bo);
        for (int i = 0; i < 3; i++) {
            ana.receive(say("ok " + i));
        }

        ana.receive(say("refused 1"));
        ana.receive(say("refused 2"));
        assertEquals(List.of(), peer.closes);
        ana.receive(say("refused 3"));

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
            ana.receive(say("ok " + i));
        }
        for (int i = 1; i <= 3; i++) {
            ana.receive(say("no " + i));
        }
        advance(Duration.ofSeconds(1));

        ana.receive(say("late"));
        runAll(io);

        assertEquals(List.of("5 ana: ok 2", "6 - ana"), bo.sent.subList(bo.sent.size() - 2, bo.sent.size()));
    }

    @Test
    void anAcceptedMessageResetsTheCountOfRefusalsInARow() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        for (int i = 0; i < 3; i++) {
            ana.receive(say("ok " + i));
        }
        ana.receive(say("refused 1"));
        ana.receive(say("refused 2"));

        advance(Duration.ofMillis(500));
        ana.receive(say("accepted"));
        ana.receive(say("refused 1 again"));
        ana.receive(say("refused 2 again"));

        assertEquals(List.of(), peer.closes);
        assertEquals("error RATE_LIMITED too many messages: at most 2 per second", last(peer));
    }

    @Test
    void aFractionalRateIsShownAsADecimal() {
        Lobby slow = new Lobby(rooms, new Limits(5, 0.5, 1, 3, 100, 1_048_576, Duration.ofSeconds(30), HEARTBEAT_TIMEOUT, 2, 20), Guests.ALLOW, Access.DEFAULT,
                DIRECT, nanoTime::get, () -> 0L, counting());
        RecordingPeer peer = new RecordingPeer();
        Connection ana = slow.admit(named("ana"), peer, wire).orElseThrow();

        ana.receive(say("a"));
        ana.receive(say("b"));

        assertEquals("error RATE_LIMITED too many messages: at most 0.5 per second", last(peer));
    }

    @Test
    void tooLongTextIsRefusedWithTooLong() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);

        ana.receive(say("123456"));

        assertEquals("error TOO_LONG message too long (max 5 characters)", last(peer));
        assertEquals(List.of("welcome ana #lobby [ana]", "error TOO_LONG message too long (max 5 characters)"), peer.sent);
    }

    @Test
    void theLengthLimitCountsCodePointsNotChars() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);
        String fiveEmoji = "😀".repeat(5); // 10 chars

        ana.receive(say(fiveEmoji));

        assertEquals("2 ana: " + fiveEmoji, last(peer));
    }

    @Test
    void blankTextIsABadRequest() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = admitted(named("ana"), peer);

        ana.receive(say(" \t "));

        assertEquals("error BAD_REQUEST empty message", last(peer));
    }
}

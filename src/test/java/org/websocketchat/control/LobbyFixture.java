package org.websocketchat.control;

import static org.websocketchat.control.Fakes.CLOCK;
import static org.websocketchat.control.Fakes.DIRECT;
import static org.websocketchat.control.Fakes.counting;

import java.time.Duration;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.websocketchat.control.Fakes.FakeWire;
import org.websocketchat.control.Fakes.RecordingPeer;

/**
 * A lobby of the in-JVM relay on a hand-driven clock, for the tests of admission, connections,
 * their liveness and their closing: text of at most 5 characters, 2 messages per second with a
 * burst of 3, closed after 3 refusals in a row, 2 connections, a 30 s heartbeat with a 75 s timeout.
 */
abstract class LobbyFixture {

    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(75);
    /** The fakes write directly, so the liveness pings at the direct spacing. */
    static final int SPACING = Liveness.DIRECT_PING_SPACING_BYTES;

    final AtomicLong nanoTime = new AtomicLong(1_000_000_000L);
    final FakeWire wire = new FakeWire();
    final RoomRegistry rooms = new RoomRegistry(50, Fakes.CROWD, CLOCK);

    final Lobby lobby = new Lobby(rooms,
            new Limits(5, 2, 3, 3, 100, 1_048_576, Duration.ofSeconds(30), HEARTBEAT_TIMEOUT, 2, 20), Guests.ALLOW, Access.DEFAULT,
            DIRECT, nanoTime::get, () -> 0L, counting());

    static Handshake named(String name) {
        return new Handshake(null, name, null, null);
    }

    Optional<Connection> admit(Handshake handshake, RecordingPeer peer) {
        return lobby.admit(handshake, peer, wire);
    }

    Connection admitted(Handshake handshake, RecordingPeer peer) {
        return admit(handshake, peer).orElseThrow(() -> new AssertionError("refused: " + peer.closes));
    }

    void advance(Duration duration) {
        nanoTime.addAndGet(duration.toNanos());
    }

    static String last(RecordingPeer peer) {
        return peer.sent.get(peer.sent.size() - 1);
    }

    /** A lobby like {@link #lobby}, with {@code guests} as its policy for clients without a principal. */
    Lobby withGuests(Guests guests) {
        return new Lobby(rooms, new Limits(5, 2, 3, 3, 100, 1_048_576, Duration.ofSeconds(30), HEARTBEAT_TIMEOUT, 2, 20), guests, Access.DEFAULT,
                DIRECT, nanoTime::get, () -> 0L, counting());
    }

    /** A lobby like {@link #lobby}, with these restricted rooms. */
    Lobby withRestricted(RestrictedRooms restricted) {
        return new Lobby(rooms, new Limits(5, 2, 3, 3, 100, 1_048_576, Duration.ofSeconds(30), HEARTBEAT_TIMEOUT, 2, 20), Guests.ALLOW, new Access(restricted, "chat-moderator"),
                DIRECT, nanoTime::get, () -> 0L, counting());
    }

    Lobby deferred(Deque<Runnable> io) {
        return new Lobby(rooms, new Limits(5, 2, 3, 3, 100, 1_048_576, Duration.ofSeconds(30), HEARTBEAT_TIMEOUT, 4, 20), Guests.ALLOW, Access.DEFAULT,
                io::add, nanoTime::get, () -> 0L, counting());
    }

    /** Runs the tasks, and the tasks they hand on, until none is left. */
    static void runAll(Deque<Runnable> tasks) {
        while (!tasks.isEmpty()) {
            tasks.remove().run();
        }
    }

    /** Each beat {@code step} apart, starting one {@code step} from now. */
    void beats(int count, Duration step) {
        for (int i = 0; i < count; i++) {
            advance(step);
            lobby.heartbeat(true);
        }
    }
}

package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.Conversation;
import org.websocketchat.entity.DirectMessage;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.Goodbye;
import org.websocketchat.entity.HistoryPage;
import org.websocketchat.entity.MembersPage;
import org.websocketchat.entity.Moderation;
import org.websocketchat.entity.Presence;
import org.websocketchat.entity.RoomList;
import org.websocketchat.entity.ServerFrame;
import org.websocketchat.entity.Typing;
import org.websocketchat.entity.Welcome;
import org.websocketchat.wire.Wire;

/** The in-memory stand-ins the control tests share: a peer, a wire, a fixed clock. */
final class Fakes {

    private Fakes() {
    }

    /**
     * A peer whose sends complete at once, unless {@link #stalled} until {@link #resume}; records
     * sends, pings (their 8-byte payloads as numbers) and closes, and sends and pings together
     * in the order they went out.
     */
    static final class RecordingPeer implements Peer {

        final List<String> sent = new ArrayList<>();
        /** The texts of {@link #sent} that went through {@link #sendDirectly}. */
        final List<String> direct = new ArrayList<>();
        /** Runs on each close, after it is recorded. */
        Runnable onClose = () -> { };
        final List<String> closes = new ArrayList<>();
        private final List<Consumer<Throwable>> pending = new ArrayList<>();
        final List<Long> pings = new ArrayList<>();
        /** Texts and {@code (ping N)}, in order. */
        final List<String> log = new ArrayList<>();
        boolean stalled;
        /** When set, every send fails with it. */
        Throwable failure;

        @Override
        public void send(String text, Consumer<Throwable> done) {
            sent.add(text);
            log.add(text);
            complete(done);
        }

        @Override
        public void sendDirectly(String text, Consumer<Throwable> done) {
            direct.add(text);
            send(text, done);
        }

        @Override
        public void ping(byte[] payload, Consumer<Throwable> done) {
            assertEquals(8, payload.length, "a ping carries one 8-byte token");
            pings.add(ByteBuffer.wrap(payload).getLong());
            log.add("(ping " + pings.get(pings.size() - 1) + ")");
            complete(done);
        }

        /** The pong a client that reads sends back for the {@code n}th ping (from 0). */
        ByteBuffer echo(int n) {
            return ByteBuffer.allocate(8).putLong(0, pings.get(n));
        }

        /** Completes the stalled send; the next one stalls in turn. */
        void completeOne() {
            pending.remove(0).accept(null);
        }

        /** Completes the stalled send, and every send after it at once. */
        void resume() {
            stalled = false;
            List<Consumer<Throwable>> waiting = List.copyOf(pending);
            pending.clear();
            waiting.forEach(done -> done.accept(null));
        }

        private void complete(Consumer<Throwable> done) {
            if (failure != null) {
                done.accept(failure);
            } else if (stalled) {
                pending.add(done);
            } else {
                done.accept(null);
            }
        }

        @Override
        public void close(CloseCodes code, String reason) {
            closes.add(code + " " + reason);
            onClose.run();
        }
    }

    /**
     * Reads every frame as a message and writes short lines that show the event sequence
     * number ({@code 3 + bo}, {@code 4 ana: hi}) or the presence told ({@code presence 150 +2 [a, b] -0 []});
     * keeps every frame it encodes.
     */
    static final class FakeWire implements Wire {

        final List<ServerFrame> written = new ArrayList<>();

        @Override
        public ClientCommand read(String frame) {
            return new ClientCommand.Say(frame);
        }

        @Override
        public String write(ServerFrame frame) {
            written.add(frame);
            if (frame instanceof Welcome w) {
                return "welcome " + w.you() + (w.verified() ? " ✓" : "") + " #" + w.room() + " " + (w.listed() ? marked(w.members(), w.verifiedMembers()) : w.count() + " here")
                        + (w.resumed() ? " resumed" : "");
            } else if (frame instanceof Presence.Update p) {
                return "presence " + p.count() + " +" + p.joins() + " " + p.joined() + " -" + p.leaves() + " " + p.left();
            } else if (frame instanceof Presence.Everyone p) {
                return "everyone " + marked(p.members(), p.verified());
            } else if (frame instanceof MembersPage p) {
                return "page " + marked(p.names(), p.verified()) + " next " + p.next().orElse("-") + " of " + p.count();
            } else if (frame instanceof ChatEvent.Message m) {
                return m.id().sequence() + " " + m.from() + (m.verified() ? "✓" : "") + ": " + m.text();
            } else if (frame instanceof ChatEvent.Joined j) {
                return j.id().sequence() + " + " + j.name() + (j.verified() ? "✓" : "");
            } else if (frame instanceof ChatEvent.Left l) {
                return l.id().sequence() + " - " + l.name() + (l.verified() ? "✓" : "");
            } else if (frame instanceof Moderation.Notice n) {
                return "notice " + n.action() + " " + n.name() + " by " + n.by() + (n.action().timed() ? " for " + n.duration().toSeconds() + " s" : "")
                        + (n.reason().isEmpty() ? "" : ": " + n.reason());
            } else if (frame instanceof Moderation.Deleted d) {
                return "deleted " + d.id() + " by " + d.by();
            } else if (frame instanceof RoomList r) {
                return "rooms " + r.rooms().stream().map(entry -> entry.room() + " " + entry.members()).toList();
            } else if (frame instanceof Typing t) {
                return "typing " + t.name() + (t.verified() ? "✓" : "");
            } else if (frame instanceof DirectMessage d) {
                return "dm " + d.id().sequence() + " " + d.from() + (d.verified() ? "✓" : "") + " → " + d.to() + ": " + d.text();
            } else if (frame instanceof Conversation c) {
                return "dms " + c.with() + " " + c.messages().stream().map(d -> d.id().sequence() + " " + d.from() + ": " + d.text()).toList()
                        + (c.resumed() ? " resumed" : "");
            } else if (frame instanceof HistoryPage h) {
                return "history #" + h.room() + " " + h.messages().stream().map(m -> m.id().sequence() + " " + m.from() + ": " + m.text()).toList()
                        + (h.more() ? " more" : "");
            } else if (frame instanceof Goodbye g) {
                return "goodbye #" + g.room() + g.reason().map(reason -> ": " + reason).orElse("");
            } else if (frame instanceof ErrorReply e) {
                return "error " + e.code() + " " + e.message();
            }
            throw new IllegalArgumentException(frame.toString());
        }

        /** Names as a list, a signed-in member's followed by ✓. */
        private static List<String> marked(List<String> names, Set<String> verified) {
            return names.stream().map(name -> verified.contains(name) ? name + "✓" : name).toList();
        }
    }

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** A room's epoch is the clock's time when it is created. */
    static final long EPOCH = NOW.toEpochMilli();
    static final Executor DIRECT = Runnable::run;
    /** The default crowd threshold, 100 members: above every room of the tests that do not test it. */
    static final CrowdRule CROWD = new CrowdRule(CrowdRule.DEFAULT_THRESHOLD);

    /** No rooms but the first, for connections whose tests do not ask for another. */
    static final Doors NO_DOORS = new Doors() {

        @Override
        public void rooms(Identity asker, Consumer<RoomList> answer) {
            answer.accept(new RoomList(List.of()));
        }

        @Override
        public Entry enter(String room, Identity asker) {
            return new Shut("no rooms but the first in this test");
        }

        /** Nobody is registered with it: every direct message is answered no_such_user. */
        @Override
        public Mail mail() {
            return new InJvmMail(0, Archive.NONE, CLOCK);
        }
    };

    /** Ping tokens 1, 2, 3, … in the order they are drawn. */
    static RandomGenerator counting() {
        AtomicLong next = new AtomicLong();
        return next::incrementAndGet;
    }

    /** A connection with ample limits, closes run in place, joined to {@code room} as {@code wanted}. */
    static Connection joined(Room room, RecordingPeer peer, Wire wire, Identity identity, LongSupplier nanoTime, String wanted) {
        Connection connection = new Connection(peer, wire, limits(2000, 1000, 1000, 1000, 1000, 100), DIRECT, nanoTime, counting(),
                identity, NO_DOORS, Telemetry.NONE);
        connection.join(room, wanted, Optional.empty());
        return connection;
    }

    static Limits limits(int maxTextLength, double ratePerSecond, int rateBurst, int rateCloseAfter, int outboxMaxFrames,
            int maxConnections) {
        return new Limits(maxTextLength, ratePerSecond, rateBurst, rateCloseAfter, outboxMaxFrames, 1_048_576,
                Duration.ofSeconds(30), Duration.ofSeconds(75), maxConnections, 20);
    }

    /** The command a client's text frame decodes to. */
    static ClientCommand say(String text) {
        return new ClientCommand.Say(text);
    }
}

package org.websocketchat.control;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.ErrorCode;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.Goodbye;
import org.websocketchat.entity.Help;
import org.websocketchat.entity.Moderation;
import org.websocketchat.entity.ServerFrame;
import org.websocketchat.wire.Frame;

/**
 * Carries out one {@link Connection}'s commands within its limits: each one that names a room
 * (or, naming none, is about its first) goes to that room if the connection is in it, and is
 * answered {@code not_joined} otherwise. Not thread-safe: a peer delivers one connection's frames
 * one at a time, and only {@link Connection#receive} calls it.
 */
final class Requests {

    private static final Logger LOG = System.getLogger(Requests.class.getName());

    /** Typing signals from one connection are passed on at most this often (the page sends one per keystroke). */
    static final Duration TYPING_SPACING = Duration.ofSeconds(2);

    private final Connection connection;
    private final Memberships memberships;
    private final Limits limits;
    private final Doors doors;
    private final RateLimiter rateLimiter;
    /** Typing signals passed on: one per {@link #TYPING_SPACING} at most; the rest are dropped. */
    private final Throttle typing;
    private int rejectedInARow;

    Requests(Connection connection, Memberships memberships, Limits limits, LongSupplier nanoTime, Doors doors) {
        this.connection = connection;
        this.memberships = memberships;
        this.limits = limits;
        this.doors = doors;
        this.rateLimiter = new RateLimiter(limits.ratePerSecond(), limits.rateBurst(), nanoTime);
        this.typing = new Throttle(TYPING_SPACING, nanoTime);
    }

    void carryOut(ClientCommand command) {
        if (command instanceof ClientCommand.Typing signal) {
            typing(signal);
        } else if (command instanceof ClientCommand.Malformed malformed) {
            reply(ErrorCode.BAD_REQUEST, malformed.reason(), Optional.empty());
        } else if (withinRate()) {
            // Everything else is counted like a message: a page of members costs a room a walk
            // under its lock, a join a welcome and its history, a page of history a database query.
            if (command instanceof ClientCommand.Say say) {
                say(say);
            } else if (command instanceof ClientCommand.Members members) {
                in(members.room()).ifPresent(room -> room.members(connection, members.after(), members.limit()));
            } else if (command instanceof ClientCommand.Rooms) {
                doors.rooms(connection.identity(), this::send);
            } else if (command instanceof ClientCommand.Help) {
                send(new Help(connection.identity().moderator()));
            } else if (command instanceof ClientCommand.Join join) {
                join(join);
            } else if (command instanceof ClientCommand.Leave leave) {
                leave(leave.room());
            } else if (command instanceof ClientCommand.Dm dm) {
                dm(dm);
            } else if (command instanceof ClientCommand.Nick nick) {
                nick(nick.name());
            } else if (command instanceof ClientCommand.History asked) {
                in(asked.room()).ifPresent(room -> room.history(connection, asked.before(), asked.limit()));
            } else if (command instanceof ClientCommand.Dms asked) {
                doors.mail().conversation(connection, asked);
            } else if (command instanceof Moderation.Request request) {
                moderate(request);
            }
        }
    }

    private void say(ClientCommand.Say say) {
        if (mayPost(say.text(), say.room())) {
            in(say.room()).ifPresent(room -> {
                connection.telemetry().received();
                Fanout.around(() -> room.say(connection, say.text(), say.action()));
            });
        }
    }

    /** Checked like a message to a room; then the relay's {@link Mail} finds the recipient and answers. */
    private void dm(ClientCommand.Dm dm) {
        if (!mayPost(dm.text(), Optional.empty())) {
            return;
        }
        if (dm.room().isEmpty()) {
            connection.telemetry().received();
            doors.mail().send(connection, dm, memberships.rooms());
        } else {
            in(dm.room()).ifPresent(room -> {
                connection.telemetry().received();
                doors.mail().send(connection, dm, List.of(room));
            });
        }
    }

    /** Whether {@code text} may be posted by this client, a room's message or a direct one; if not, says why. */
    private boolean mayPost(String text, Optional<String> room) {
        if (text.isBlank()) {
            reply(ErrorCode.BAD_REQUEST, "empty message", room);
        } else if (!connection.identity().mayPost()) {
            reply(ErrorCode.FORBIDDEN, "guests may only read here: sign in to chat", room);
        } else if (text.codePointCount(0, text.length()) > limits.maxTextLength()) {
            reply(ErrorCode.TOO_LONG, "message too long (max " + limits.maxTextLength() + " characters)", room);
        } else {
            return true;
        }
        return false;
    }

    /**
     * Passes a typing signal on, unless one was passed on less than {@link #TYPING_SPACING} ago:
     * a client may send one per keystroke and costs its rooms one per spacing. Not rate-limited
     * like messages, which it would crowd out; a read-only guest's is dropped like its messages
     * would be.
     */
    private void typing(ClientCommand.Typing signal) {
        Optional<Room> room = in(signal.room());
        if (room.isPresent() && connection.identity().mayPost() && typing.pass()) {
            Fanout.around(() -> room.get().typing(connection));
        }
    }

    /**
     * Joins one more room, asking for the name the first room gave; or, {@code moving}, joins it
     * and then leaves the others, which it stays in should the join fail.
     */
    private void join(ClientCommand.Join join) {
        Optional<String> name = DisplayNames.room(join.room());
        if (name.isEmpty()) {
            reply(ErrorCode.BAD_REQUEST, "invalid room: use 1-32 of a-z 0-9 _ -", Optional.empty());
        } else if (memberships.holds(name.get())) {
            reply(ErrorCode.BAD_REQUEST, "you are already in #" + name.get(), name);
        } else if (!join.moving() && memberships.size() >= limits.maxRooms()) {
            reply(ErrorCode.TOO_MANY_ROOMS, "you are in " + limits.maxRooms() + " rooms, the most one connection may be in:"
                    + " leave one first", name);
        } else {
            Doors.Entry entry = doors.enter(name.get(), connection.identity());
            if (entry instanceof Doors.Open open) {
                connection.join(open.room(), memberships.handle(), join.since().flatMap(EventId::parse));
                if (join.moving() && memberships.holds(name.get())) {
                    memberships.rooms().stream().filter(room -> room != open.room()).forEach(connection::leave);
                }
            } else if (entry instanceof Doors.Shut shut) {
                reply(ErrorCode.FORBIDDEN, shut.reason(), name);
            }
        }
    }

    /** A guest's new name, in every room it is in; a signed-in user's name is the one it signed in with. */
    private void nick(String wanted) {
        Optional<String> name = DisplayNames.member(wanted);
        if (connection.identity().verified()) {
            reply(ErrorCode.FORBIDDEN, "you are signed in as " + connection.name() + ", the name you keep", Optional.empty());
        } else if (name.isEmpty()) {
            reply(ErrorCode.BAD_REQUEST, "invalid name: use 1-32 letters, digits, spaces or . _ -", Optional.empty());
        } else {
            connection.rename(name.get());
        }
    }

    private void leave(String asked) {
        Optional<Room> room = in(Optional.of(asked));
        if (room.isPresent() && connection.leave(room.get())) {
            send(new Goodbye(room.get().name(), Optional.empty()));
        }
    }

    /** Only a moderator, only in a room it is in; logged, whatever comes of it, with who asked what of whom. */
    private void moderate(Moderation.Request request) {
        if (!connection.identity().moderator()) {
            reply(ErrorCode.FORBIDDEN, "only moderators may " + request.action().wireName(), request.room());
            return;
        }
        in(request.room()).ifPresent(room -> {
            String by = connection.nameIn(room.name()).orElse("-");
            connection.telemetry().moderated(room.name(), by, request);
            LOG.log(Level.INFO, "Moderation in #{0}: {1} asks to {2} {3}{4}{5}", room.name(), by, request.action().wireName(), request.target(),
                    request.action().timed() ? " for " + request.duration().toSeconds() + " s" : "",
                    request.reason().isEmpty() ? "" : " (" + request.reason() + ")");
            Fanout.around(() -> room.moderate(connection, request));
        });
    }

    /** The room a request is about, or empty after telling the client it is not in it. */
    private Optional<Room> in(Optional<String> asked) {
        Optional<Room> room = memberships.find(asked);
        if (room.isEmpty()) {
            reply(ErrorCode.NOT_JOINED, asked.map(name -> "you are not in #" + name).orElse("you are in no room: join one first"),
                    asked);
        }
        return room;
    }

    /** Takes a token for one request, or answers {@code rate_limited} (and in the end closes) if there is none. */
    private boolean withinRate() {
        if (!rateLimiter.tryAcquire()) {
            if (++rejectedInARow >= limits.rateCloseAfter()) {
                connection.endAfterDrain(CloseCodes.POLICY_VIOLATION, "rate limit exceeded");
            } else {
                reply(ErrorCode.RATE_LIMITED, "too many messages: at most " + perSecond() + " per second", Optional.empty());
            }
            return false;
        }
        rejectedInARow = 0;
        return true;
    }

    private String perSecond() {
        double rate = limits.ratePerSecond();
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    private void reply(ErrorCode code, String message, Optional<String> room) {
        connection.telemetry().refused(code);
        send(new ErrorReply(code, message, room));
    }

    private void send(ServerFrame frame) {
        connection.deliver(Frame.of(connection.wire().write(frame)));
    }
}

package org.websocketchat.relay;

import java.util.List;
import java.util.Optional;

import org.websocketchat.control.Archive;
import org.websocketchat.control.Seat;
import org.websocketchat.control.Telemetry;
import org.websocketchat.control.Connection;
import org.websocketchat.control.DisplayNames;
import org.websocketchat.control.LocalMembers;
import org.websocketchat.control.MemberKeys;
import org.websocketchat.control.Room;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.ErrorCode;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.Moderation;
import org.websocketchat.entity.Welcome;

/**
 * A room shared through Redis: names, ids, history and presence live there ({@link RedisRelay});
 * this node keeps only its own members and delivers to them what the relay hands back. Nothing
 * is delivered here directly, not even to the sender: every event takes the same way round, so
 * every node shows the same order. Thread-safe.
 */
final class RedisRoom implements Room {

    /** Why scrollback is refused without a database: the stream in Redis is the newest messages alone. */
    static final String SCROLLBACK = "scrollback needs chat.store=jdbc";

    private final String name;
    private final RedisRelay relay;
    private final StoredMessages stored;
    private final LocalMembers here;

    RedisRoom(String name, RedisRelay relay, StoredMessages stored, Telemetry telemetry) {
        this.name = name;
        this.relay = relay;
        this.stored = stored;
        this.here = new LocalMembers(this, telemetry);
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Waits for Redis (at most {@link RedisLink#CALL_TIMEOUT}). Without Redis the newcomer is
     * closed 1013 and may try again later; its name is then the one it asked for.
     */
    @Override
    public String join(Connection member, String wanted, Optional<EventId> since) {
        String token = relay.newToken();
        here.expect(member, token, wanted);
        Replies.JoinReply reply;
        try {
            reply = relay.join(name, wanted, token, since, member.identity().verified());
        } catch (RelayUnavailableException e) {
            here.remove(member);
            member.turnedAway(this, CloseCodes.TRY_AGAIN_LATER, RedisRelay.UNAVAILABLE);
            return wanted;
        }
        if (reply instanceof Replies.Banned banned) {
            here.remove(member);
            member.turnedAway(this, CloseCodes.POLICY_VIOLATION, banned.reason());
            return wanted;
        }
        Replies.Admission admission = (Replies.Admission) reply;
        StoredMessages.Admitted read = new StoredMessages.Admitted(admission.history(), admission.resumed());
        if (stored.keeps()) {
            try {
                read = stored.fill(name, since, admission);
            } catch (Archive.Unavailable e) {
                // The window alone, as without a database: the newcomer may scroll back once it answers.
            }
        }
        Welcome welcome = admission.crowded()
                ? Welcome.crowded(admission.given(), name, admission.count(), read.resumed())
                : new Welcome(admission.given(), name, admission.members().names(), read.resumed())
                        .withVerifiedMembers(admission.members().verified());
        if (!here.admit(member, welcome.verified(member.identity().verified()).moderator(member.identity().moderator()), read.history(),
                admission.joined(), admission.awaited())) {
            relay.leave(name, new Seat(token, admission.given(), member.identity().verified()));
        }
        return admission.given();
    }

    @Override
    public void leave(Connection member) {
        here.remove(member).ifPresent(seat -> relay.leave(name, seat));
    }

    /** Asks Redis, waiting at most {@link RedisLink#CALL_TIMEOUT}. */
    @Override
    public Optional<EventId> lastEventId() {
        return relay.lastId(name);
    }

    @Override
    public void say(Connection member, String text, boolean action) {
        here.seat(member).ifPresent(seat -> {
            if (stored.keeps()) {
                stored.say(name, seat, member, text, action);
            } else {
                relay.say(name, seat, text, action);
            }
        });
    }

    /** Asks Redis, which checks the claim, the crowd and any mute, and tells every node; without waiting. */
    @Override
    public void typing(Connection member) {
        here.seat(member).ifPresent(seat -> relay.typing(name, seat));
    }

    /** Asks Redis for the page, without waiting; the answer goes to the member if it is still here. */
    @Override
    public void members(Connection member, Optional<String> after, int limit) {
        here.seat(member).ifPresent(seat -> relay.page(name, after, limit, page -> here.reply(member, page)));
    }

    /** Carries the request out in Redis, which tells every node; an error goes back to {@code by} alone. */
    @Override
    public void moderate(Connection by, Moderation.Request request) {
        here.seat(by).ifPresent(seat -> {
            if (request.action() == Moderation.Action.DELETE && EventId.parse(request.target()).isEmpty()) {
                here.reply(by, Moderation.notKept(name, request.target()));
                return;
            }
            boolean deletedInStore;
            try {
                deletedInStore = request.action() == Moderation.Action.DELETE
                        && stored.delete(name, EventId.parse(request.target()).orElseThrow(), seat.name());
            } catch (Archive.Unavailable e) {
                here.reply(by, ErrorReply.unavailable(name, "a deletion"));
                return;
            }
            relay.moderate(name, seat, request, Moderation.closeReason(name, request, seat.name()), deletedInStore, outcome -> {
                switch (outcome) {
                    case "no_such_user" -> here.reply(by, Moderation.noSuchUser(name, request.target()));
                    case "not_banned" -> here.reply(by, Moderation.notBanned(name, request.target()));
                    case "not_found" -> here.reply(by, Moderation.notKept(name, request.target()));
                    default -> {
                        // ok: every node hears of it; gone: the moderator left meanwhile
                    }
                }
            });
        });
    }

    /** From the database; without one Redis keeps only the newest messages, which a newcomer is sent: see {@link #SCROLLBACK}. */
    @Override
    public void history(Connection member, Optional<EventId> before, int limit) {
        if (stored.keeps()) {
            here.reply(member, stored.page(name, before, limit));
        } else {
            member.tell(new ErrorReply(ErrorCode.UNAVAILABLE, SCROLLBACK, Optional.of(name)));
        }
    }

    @Override
    public void presenceTick() {
        here.presenceTick();
    }

    /** Who is in the room on every node, asked of Redis; empty if it cannot be reached. */
    @Override
    public List<String> memberNames() {
        return relay.members(name);
    }

    @Override
    public void close() {
        here.close();
    }

    /** Where the relay hands this node the room's events, in id order. */
    LocalMembers here() {
        return here;
    }

    /** The member key its claim is held under ({@link MemberKeys}). */
    static String key(Seat seat) {
        return seat.verified() ? MemberKeys.verified(seat.name(), seat.token()) : DisplayNames.key(seat.name());
    }
}

package org.websocketchat.control;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.Moderation;
import org.websocketchat.entity.ServerFrame;

/**
 * A room's moderation in the in-JVM relay: its mutes and bans (by name key, until when), and the
 * moderators' requests carried out on it. Not thread-safe: its room calls it under its lock.
 */
final class RoomModeration {

    /** What the room lends its moderation, all of it under the room's lock. */
    interface Members {

        /** Every connection here under {@code name}: a guest's, or each of a signed-in user's. */
        List<Connection> holding(String name);

        /** Takes the member out of the room (the others hear it leave) and closes it. */
        void remove(Connection member, CloseCodes code, String reason);

        void broadcast(ServerFrame frame);

        /** Removes a kept message, deleted by {@code by}; false if none has that id. */
        boolean delete(EventId id, String by);
    }

    private record Ban(Instant until, String reason) {
    }

    private final String room;
    private final Map<String, Instant> mutes = new HashMap<>();
    private final Map<String, Ban> bans = new HashMap<>();

    RoomModeration(String room) {
        this.room = room;
    }

    /** Carries out a moderator's request, or tells {@code by} why not. */
    void apply(Connection by, String byName, Moderation.Request request, Members members, Instant now) {
        String target = request.target();
        String key = DisplayNames.key(target);
        Moderation.Notice notice = new Moderation.Notice(room, request.action(), target, byName, request.duration(), request.reason());
        switch (request.action()) {
            case KICK -> {
                List<Connection> held = members.holding(target);
                if (held.isEmpty()) {
                    reply(by, Moderation.noSuchUser(room, target));
                    return;
                }
                members.broadcast(notice);
                String reason = Moderation.closeReason(room, request, byName);
                held.forEach(member -> members.remove(member, CloseCodes.KICKED, reason));
            }
            case MUTE -> {
                mutes.put(key, now.plus(request.duration()));
                members.broadcast(notice);
            }
            case BAN -> {
                bans.put(key, new Ban(now.plus(request.duration()), request.reason()));
                members.broadcast(notice);
                String reason = Moderation.closeReason(room, request, byName);
                members.holding(target).forEach(member -> members.remove(member, CloseCodes.BANNED, reason));
            }
            case UNBAN -> {
                if (bans.remove(key) == null) {
                    reply(by, Moderation.notBanned(room, target));
                    return;
                }
                members.broadcast(notice);
            }
            case DELETE -> {
                Optional<EventId> id = EventId.parse(target);
                if (id.isEmpty() || !members.delete(id.get(), byName)) {
                    reply(by, Moderation.notKept(room, target));
                    return;
                }
                members.broadcast(new Moderation.Deleted(room, id.get(), byName));
            }
        }
    }

    /** How much longer {@code name} is muted here, if it is. */
    Optional<Duration> mutedFor(String name, Instant now) {
        String key = DisplayNames.key(name);
        Instant until = mutes.get(key);
        if (until == null || !now.isBefore(until)) {
            mutes.remove(key);
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, until));
    }

    /** Why {@code name} may not join, if it is banned. */
    Optional<String> banned(String name, Instant now) {
        String key = DisplayNames.key(name);
        Ban ban = bans.get(key);
        if (ban == null || !now.isBefore(ban.until())) {
            bans.remove(key);
            return Optional.empty();
        }
        return Optional.of(Moderation.bannedReason(room, Duration.between(now, ban.until()), ban.reason()));
    }

    private static void reply(Connection by, ErrorReply error) {
        by.deliver(new Rendering(error).in(by.wire()));
    }
}

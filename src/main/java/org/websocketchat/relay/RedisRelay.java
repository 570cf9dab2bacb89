package org.websocketchat.relay;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;

import org.websocketchat.control.Archive;
import org.websocketchat.control.Seat;
import org.websocketchat.control.CrowdRule;
import org.websocketchat.control.DisplayNames;
import org.websocketchat.control.Mail;
import org.websocketchat.control.MemberKeys;
import org.websocketchat.control.Relay;
import org.websocketchat.control.Room;
import org.websocketchat.control.Telemetry;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.MembersPage;
import org.websocketchat.entity.RoomList;
import org.websocketchat.entity.Moderation;

/**
 * This node's part of a chat shared by several nodes through one Redis (standalone, 6.2 or
 * later). Every change goes through {@code chat.lua}, which makes it, issues the room's next event
 * id (Redis' clock in ms, then a sequence from 1) and publishes the event in one atomic step;
 * every node, this one included, delivers what it hears to its own members ({@link RedisRoom}).
 * Names are claimed in Redis, so they are unique across nodes; the history is a stream per room
 * capped at the history size, so {@code since} resumes on any node. With a database behind it,
 * messages are stored before they are published, in the same order ({@link StoredMessages}).
 *
 * <p>Its parts: {@link RedisLink}, the connection and its threads; {@link NodePresence}, this
 * node's beat among the others and what happens while Redis cannot be reached. Lettuce and Netty
 * classes are loaded only when this relay is chosen; all their threads stop in {@link #close}.
 */
public final class RedisRelay implements Relay {

    /** The reason of the 1013 close while Redis is unavailable. */
    static final String UNAVAILABLE = "chat unavailable, try again later";
    static final String PREFIX = "chat:";

    private static final Logger LOG = System.getLogger(RedisRelay.class.getName());
    private static final String EVENTS = PREFIX + "events";
    /** Names tried per round trip when the wanted one is taken: ana, ana-2, … ana-16. */
    private static final int CANDIDATES_PER_TRY = 16;

    private final int historySize;
    private final CrowdRule crowd;
    private final String node = UUID.randomUUID().toString();
    private final AtomicLong tokens = new AtomicLong();
    private final ConcurrentMap<String, RedisRoom> rooms = new ConcurrentHashMap<>();
    private final RedisLink link;
    private final NodePresence presence;
    /** The database behind the rooms' streams, if any. */
    private final StoredMessages stored;
    private final RedisMail mail;

    private RedisRelay(URI uri, int historySize, CrowdRule crowd, Telemetry telemetry, Archive archive) {
        this.historySize = historySize;
        this.crowd = crowd;
        this.stored = new StoredMessages(this, archive, historySize);
        this.mail = new RedisMail(this, stored, historySize);
        this.link = new RedisLink(RedisURI.create(uri), telemetry);
        this.presence = new NodePresence(link, node, EVENTS, this::dispatch, this::endEveryClient, () -> { });
    }

    /**
     * Connects to Redis at {@code uri} ({@code redis://HOST:PORT}) and joins the nodes sharing it.
     * If Redis cannot be reached yet, the relay starts anyway and refuses clients with 1013 until
     * it can. {@code crowd} is applied by {@code chat.lua}, with the threshold of the node whose
     * member joined last: every node sharing a Redis should have the same. {@code telemetry} hears of every
     * call. With an {@code archive} that keeps messages, each is stored there first ({@link StoredMessages}).
     */
    public static Relay start(URI uri, int historySize, CrowdRule crowd, Telemetry telemetry, Archive archive) {
        RedisRelay relay = new RedisRelay(uri, historySize, crowd, telemetry, archive);
        relay.presence.start();
        return relay;
    }

    @Override
    public Room room(String name) {
        return rooms.computeIfAbsent(name, n -> new RedisRoom(n, this, stored, link.telemetry()));
    }

    /** Leaves the other nodes: releases this node's claims (they hear {@code left}), stops Lettuce. */
    @Override
    public void close() {
        presence.stop();
        if (presence.isAvailable()) {
            try {
                Long released = RedisLink.await(link.<Long>eval(ScriptOutputType.INTEGER, "quit", PREFIX, node));
                LOG.log(Level.DEBUG, "Node {0} released {1} members", node, released);
            } catch (RelayUnavailableException e) {
                LOG.log(Level.WARNING, "Node {0} could not release its members; other nodes will within {1} s: {2}", node,
                        NodePresence.NODE_TTL.toSeconds(), String.valueOf(e.getCause()));
            }
        }
        link.stop();
        LOG.log(Level.INFO, "Node {0} left Redis at {1}", node, link.shown());
    }

    @Override
    public Mail mail() {
        return mail;
    }

    @Override
    public Optional<String> unreachable() {
        return presence.isAvailable() ? stored.unreachable() : Optional.of("relay unreachable");
    }

    String node() {
        return node;
    }

    /** The room of that name, if this node has members in it (or had). */
    Optional<RedisRoom> shared(String room) {
        return Optional.ofNullable(rooms.get(room));
    }

    /**
     * Runs {@code operation} of chat.lua with {@code args}, without waiting, and
     * hands its answer to {@code answer} on Lettuce's event loop; {@code unavailable} runs instead
     * while Redis cannot be reached, or when the call fails (an outage).
     */
    void tell(String operation, List<String> args, Consumer<Object> answer, Runnable unavailable) {
        if (!presence.isAvailable()) {
            unavailable.run();
            return;
        }
        List<String> all = new ArrayList<>(List.of(operation, PREFIX));
        all.addAll(args);
        link.<Object>eval(ScriptOutputType.MULTI, all.toArray(String[]::new)).whenComplete((reply, failure) -> {
            if (failure != null) {
                presence.outage(failure);
                unavailable.run();
            } else {
                answer.accept(reply);
            }
        });
    }

    /** A token unique to one join, so that a claim is only ever given back by its own holder. */
    String newToken() {
        return Long.toString(tokens.incrementAndGet(), 36);
    }

    /**
     * Claims a name in the room and announces the join: for a signed-in user ({@code verified})
     * {@code wanted} itself, taken over from a guest who holds it; for a guest the first free of
     * {@code wanted}, {@code wanted-2}, … that no signed-in member holds either.
     */
    Replies.JoinReply join(String room, String wanted, String token, Optional<EventId> since, boolean verified) {
        for (int first = 1; ; first += CANDIDATES_PER_TRY) {
            List<String> args = new ArrayList<>(List.of("join", PREFIX, room, node, token, since.map(EventId::toString).orElse(""),
                    Integer.toString(crowd.threshold())));
            if (verified) {
                args.addAll(List.of("verified", MemberKeys.verified(wanted, token), RedisNames.display(wanted, true),
                        DisplayNames.key(wanted)));
                return Replies.joinReply(room, ask(ScriptOutputType.MULTI, args.toArray(String[]::new)));
            }
            args.add("guest");
            for (int n = first; n < first + CANDIDATES_PER_TRY; n++) {
                String candidate = DisplayNames.candidate(wanted, n);
                args.add(DisplayNames.key(candidate));
                args.add(candidate);
            }
            List<Object> reply = ask(ScriptOutputType.MULTI, args.toArray(String[]::new));
            if (!reply.isEmpty()) {
                return Replies.joinReply(room, reply);
            }
        }
    }

    void say(String room, Seat seat, String text, boolean action) {
        call("say", room, seat.token(), RedisRoom.key(seat), text, Integer.toString(historySize), action ? "action" : "message");
    }

    void typing(String room, Seat seat) {
        call("typing", room, seat.token(), RedisRoom.key(seat));
    }

    /**
     * Carries out a moderator's request in Redis without waiting, and hands what it came to
     * ({@code ok}, {@code no_such_user}, {@code not_banned}, {@code not_found} or {@code gone}) to
     * {@code answer} on Lettuce's event loop. Skipped while Redis is unavailable. A deletion
     * {@code deletedInStore} is told to every node even if the stream no longer holds the message.
     */
    void moderate(String room, Seat by, Moderation.Request request, String closeReason, boolean deletedInStore, Consumer<String> answer) {
        if (!presence.isAvailable()) {
            return;
        }
        String target = request.target();
        String targetKey = request.action() == Moderation.Action.DELETE ? "" : DisplayNames.key(target);
        link.<String>eval(ScriptOutputType.VALUE, "moderate", PREFIX, room, node, by.token(), RedisRoom.key(by),
                request.action().wireName(), target, targetKey, Long.toString(request.duration().toSeconds()), request.reason(),
                closeReason, deletedInStore ? "1" : "0").whenComplete((outcome, failure) -> {
                    if (failure != null) {
                        presence.outage(failure);
                    } else {
                        answer.accept(outcome);
                    }
                });
    }

    void leave(String room, Seat seat) {
        call("leave", room, seat.token(), RedisRoom.key(seat));
    }

    /** One page of the room's member list, to {@code reply}, as {@link #tell} hands answers; nothing while Redis is unavailable. */
    void page(String room, Optional<String> after, int limit, Consumer<MembersPage> reply) {
        tell("page", List.of(room, after.map(MemberKeys::pageAfter).orElse(""), Integer.toString(limit)),
                answer -> reply.accept(Replies.page(room, (List<?>) answer, limit)), () -> { });
    }

    /** The rooms in use on every node, from the index chat.lua keeps of each room's count, as {@link #tell} hands answers. */
    @Override
    public void directory(Consumer<List<RoomList.Entry>> answer) {
        tell("rooms", List.of(Integer.toString(RoomList.MAX_LISTED)), reply -> answer.accept(Replies.rooms((List<?>) reply)), () -> { });
    }

    /** The id of the room's latest event, asked of Redis; empty if it has none or Redis cannot be reached. */
    Optional<EventId> lastId(String room) {
        try {
            return EventId.parse(ask(ScriptOutputType.VALUE, "last", PREFIX, room));
        } catch (RelayUnavailableException e) {
            return Optional.empty();
        }
    }

    List<String> members(String room) {
        try {
            return Replies.members(ask(ScriptOutputType.MULTI, "members", PREFIX, room));
        } catch (RelayUnavailableException e) {
            return List.of();
        }
    }

    /** One published event, on Lettuce's event loop: to this node's members of its room, if any. */
    private void dispatch(String payload) {
        if (payload.startsWith("dm\t")) {
            mail.dispatch(payload);
            return;
        }
        Published.parse(payload).ifPresentOrElse(published -> {
            RedisRoom room = rooms.get(published.room());
            if (room != null && published.isFor(node)) {
                published.deliverTo(room.here());
            }
        }, () -> LOG.log(Level.WARNING, "Ignored an event this version cannot read: {0}", payload));
    }

    /** Redis is unavailable: ends every client of this node with 1013; returns how many. */
    private int endEveryClient() {
        return rooms.values().stream().mapToInt(room -> room.here().endAll(CloseCodes.TRY_AGAIN_LATER, UNAVAILABLE)).sum();
    }

    /**
     * Sends a change without waiting for it: its event comes back like every other. Skipped while
     * Redis is unavailable: this node's clients are being closed, and its claims are released
     * when Redis is back.
     */
    private void call(String operation, String room, String... rest) {
        if (!presence.isAvailable()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of(operation, PREFIX, room, node));
        args.addAll(List.of(rest));
        link.<Long>eval(ScriptOutputType.INTEGER, args.toArray(String[]::new)).exceptionally(failure -> {
            presence.outage(failure);
            return null;
        });
    }

    /** Runs {@code chat.lua} and waits for its answer; fails at once while Redis is unavailable, and any failure is an outage. */
    <T> T ask(ScriptOutputType type, String... args) {
        if (!presence.isAvailable()) {
            throw new RelayUnavailableException("Redis is unavailable", null);
        }
        try {
            return RedisLink.await(link.eval(type, args));
        } catch (RelayUnavailableException e) {
            presence.outage(e.getCause());
            throw e;
        }
    }
}

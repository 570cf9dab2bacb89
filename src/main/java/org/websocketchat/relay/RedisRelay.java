package org.websocketchat.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import org.websocketchat.control.Connection;
import org.websocketchat.control.DisplayNames;
import org.websocketchat.control.LocalMembers;
import org.websocketchat.control.Relay;
import org.websocketchat.control.Room;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.EventId;

/**
 * This node's part of a chat shared by several nodes through one Redis (standalone, 6.2 or
 * later), over Lettuce. Every change goes through {@code chat.lua}, which makes it, issues the
 * room's next event id (Redis' clock in ms, then a sequence from 1) and publishes the event in one
 * atomic step; every node, this one included, delivers what it hears to its own members
 * ({@link RedisRoom}). Names are claimed in Redis, so they are unique across nodes; the history
 * is a stream per room capped at the history size, so {@code since} resumes on any node.
 *
 * <p>Presence: each node renews a key with a {@linkplain #NODE_TTL time to live} every
 * {@linkplain #BEAT beat}, and on each beat releases the claims of every node whose key has
 * expired, announcing {@code left} for each: a node killed outright loses its members within
 * about {@code NODE_TTL + BEAT}. A node that stops cleanly releases its own at once.
 *
 * <p>Without Redis a node cannot order anything across nodes, so it does not pretend to: it
 * closes its clients with 1013 (try again later) and refuses new ones the same way until Redis
 * answers again, then releases the claims it held before (they are void: their clients are gone)
 * and serves again. Lettuce reconnects by itself; each change of state is logged.
 *
 * <p>Threads: Lettuce's own (its event loop delivers published events, one at a time, in the order
 * Redis sent them) and one beat thread; all stop in {@link #close}. Lettuce and Netty classes are
 * loaded only when this relay is chosen.
 */
public final class RedisRelay implements Relay {

    /** The reason of the 1013 close while Redis is unavailable. */
    static final String UNAVAILABLE = "chat unavailable, try again later";
    /** The longest a client's join waits for Redis. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** How long a node counts as alive after its last beat. */
    static final Duration NODE_TTL = Duration.ofSeconds(10);
    static final Duration BEAT = Duration.ofSeconds(2);

    private static final Logger LOG = System.getLogger(RedisRelay.class.getName());
    private static final String PREFIX = "chat:";
    private static final String EVENTS = PREFIX + "events";
    private static final String[] NO_KEYS = {};
    /** Names tried per round trip when the wanted one is taken: ana, ana-2, … ana-16. */
    private static final int CANDIDATES_PER_TRY = 16;

    private final String shownUri;
    private final int historySize;
    private final String node = UUID.randomUUID().toString();
    private final AtomicLong tokens = new AtomicLong();
    private final ConcurrentMap<String, RedisRoom> rooms = new ConcurrentHashMap<>();
    private final String script;
    private final String scriptSha;
    private final RedisURI redisUri;
    /** Made by the beat thread on first use, like every Lettuce object (see {@link #calls}). */
    private volatile ClientResources resources;
    private volatile RedisClient client;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(daemon("chat-redis-beat"));
    /**
     * Issues every command of the clients' threads, without waiting for Redis. Netty leaves a
     * thread-local map on any thread that writes to it, and a container's threads outlive the
     * application (Tomcat reports each such map at undeploy as a leak); this thread does not.
     * One thread, so a client's messages reach Redis in the order it sent them.
     */
    private final ExecutorService calls = Executors.newSingleThreadExecutor(daemon("chat-redis-calls"));
    private final AtomicBoolean available = new AtomicBoolean();
    private volatile boolean closing;
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> events;
    /** When Redis became unavailable ({@link System#nanoTime}); touched by whoever finds it so. */
    private volatile long unavailableSince;
    /** Whether Redis has been available before; the beat thread's alone. */
    private boolean served;

    private RedisRelay(URI uri, int historySize) {
        this.redisUri = RedisURI.create(uri);
        redisUri.setTimeout(CALL_TIMEOUT);
        this.shownUri = redisUri.getHost() + ":" + redisUri.getPort();
        this.historySize = historySize;
        this.script = loadScript();
        this.scriptSha = sha1(script);
    }

    /**
     * Connects to Redis at {@code uri} ({@code redis://HOST:PORT}) and joins the cluster of nodes.
     * If Redis cannot be reached yet, the relay starts anyway and refuses clients with 1013 until
     * it can.
     */
    public static Relay start(URI uri, int historySize) {
        RedisRelay relay = new RedisRelay(uri, historySize);
        // On the beat thread, as every later beat: Netty leaves thread-locals on the threads that
        // use it, and this one is the container's.
        try {
            relay.beats.submit(relay::beat).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the first Redis beat failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!relay.available.get()) {
            LOG.log(Level.WARNING, "Redis at {0} cannot be reached: clients are refused with 1013 until it can", relay.shownUri);
        }
        long beat = BEAT.toMillis();
        relay.beats.scheduleWithFixedDelay(relay::beat, beat, beat, TimeUnit.MILLISECONDS);
        return relay;
    }

    @Override
    public Room room(String name) {
        return rooms.computeIfAbsent(name, n -> new RedisRoom(n, this));
    }

    /** Leaves the cluster: releases this node's claims (the others hear {@code left}), stops Lettuce. */
    @Override
    public void close() {
        closing = true;
        beats.shutdownNow();
        try {
            beats.awaitTermination(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (available.get()) {
                try {
                    Long released = await(send(redis -> redis.<Long>evalsha(scriptSha, ScriptOutputType.INTEGER, NO_KEYS, "quit", PREFIX, node)));
                    LOG.log(Level.DEBUG, "Node {0} released {1} members", node, released);
                } catch (RelayUnavailableException e) {
                    LOG.log(Level.WARNING, "Node {0} could not release its members; other nodes will within {1} s: {2}", node,
                            NODE_TTL.toSeconds(), String.valueOf(e.getCause()));
                }
            }
            // Lettuce is stopped from the calls thread too, for the same thread-locals.
            calls.execute(this::stopLettuce);
            calls.shutdown();
            calls.awaitTermination(2 * CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.log(Level.INFO, "Node {0} left Redis at {1}", node, shownUri);
    }

    private void stopLettuce() {
        if (events != null) {
            events.close();
        }
        if (commands != null) {
            commands.close();
        }
        if (client == null) {
            return;
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        try {
            resources.shutdown(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A token unique to one join, so that a claim is only ever given back by its own holder. */
    String newToken() {
        return Long.toString(tokens.incrementAndGet(), 36);
    }

    /** Claims the first free name of {@code wanted}, {@code wanted-2}, … in the room and announces the join. */
    Replies.Admission join(String room, String wanted, String token, Optional<EventId> since) {
        for (int first = 1; ; first += CANDIDATES_PER_TRY) {
            List<String> args = new ArrayList<>(List.of("join", PREFIX, room, node, token, since.map(EventId::toString).orElse("")));
            for (int n = first; n < first + CANDIDATES_PER_TRY; n++) {
                String candidate = DisplayNames.candidate(wanted, n);
                args.add(DisplayNames.key(candidate));
                args.add(candidate);
            }
            List<Object> reply = await(send(redis -> redis.evalsha(scriptSha, ScriptOutputType.MULTI, NO_KEYS, args.toArray(String[]::new))));
            if (!reply.isEmpty()) {
                return Replies.admission(room, reply);
            }
        }
    }

    void say(String room, LocalMembers.Seat seat, String text) {
        call("say", room, seat.token(), RedisRoom.key(seat), text, Integer.toString(historySize));
    }

    void leave(String room, LocalMembers.Seat seat) {
        call("leave", room, seat.token(), RedisRoom.key(seat));
    }

    List<String> members(String room) {
        try {
            List<Object> claims = await(send(redis -> redis.evalsha(scriptSha, ScriptOutputType.MULTI, NO_KEYS, "members", PREFIX, room)));
            return Replies.members(claims);
        } catch (RelayUnavailableException e) {
            return List.of();
        }
    }

    /**
     * Sends a change without waiting for it: its event comes back like every other. Skipped while
     * Redis is unavailable: this node's clients are being closed, and its claims are released
     * when Redis is back.
     */
    private void call(String operation, String room, String... rest) {
        if (!available.get()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of(operation, PREFIX, room, node));
        args.addAll(List.of(rest));
        send(redis -> redis.<Long>evalsha(scriptSha, ScriptOutputType.INTEGER, NO_KEYS, args.toArray(String[]::new)))
                .whenComplete((released, failure) -> {
                    if (failure != null) {
                        outage(failure);
                    }
                });
    }

    /** Issues a command on the {@link #calls} thread; fails at once if Redis is unavailable. */
    private <T> CompletableFuture<T> send(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
        CompletableFuture<T> result = new CompletableFuture<>();
        StatefulRedisConnection<String, String> connection = commands;
        if (connection == null || !available.get()) {
            result.completeExceptionally(new RelayUnavailableException("Redis is unavailable", null));
            return result;
        }
        try {
            calls.execute(() -> {
                try {
                    command.apply(connection.async()).whenComplete((value, failure) -> {
                        if (failure != null) {
                            result.completeExceptionally(failure);
                        } else {
                            result.complete(value);
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new RelayUnavailableException("the relay has stopped", e));
        }
        return result;
    }

    /** Waits for a command's answer; any failure is an outage. */
    private <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            outage(e.getCause());
            throw new RelayUnavailableException("Redis failed", e.getCause());
        } catch (TimeoutException e) {
            outage(e);
            throw new RelayUnavailableException("Redis did not answer within " + CALL_TIMEOUT.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RelayUnavailableException("interrupted while waiting for Redis", e);
        }
    }

    /** Renews this node, reaps the dead ones; connects, or comes back after an outage, as needed. */
    private void beat() {
        try {
            if (commands == null) {
                connect();
            }
            boolean fresh = !available.get();
            if (fresh) {
                // Redis may have restarted and forgotten the script.
                commands.sync().scriptLoad(script);
            }
            Long reaped = commands.sync().evalsha(scriptSha, ScriptOutputType.INTEGER, NO_KEYS, "beat", PREFIX, node,
                    Long.toString(NODE_TTL.toMillis()), fresh ? "1" : "0");
            if (reaped > 0) {
                LOG.log(Level.INFO, "Removed {0} members of nodes that stopped without leaving", reaped);
            }
            if (fresh) {
                // Subscribing again is harmless, and makes sure no event is missed from here on.
                events.sync().subscribe(EVENTS);
                if (available.compareAndSet(false, true)) {
                    if (served) {
                        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unavailableSince);
                        LOG.log(Level.INFO, "Redis at {0} is back after {1} ms: node {2} serves again", shownUri, millis, node);
                    } else {
                        LOG.log(Level.INFO, "Node {0} joined Redis at {1}", node, shownUri);
                    }
                    served = true;
                }
            }
        } catch (RedisException | IllegalStateException e) {
            outage(e);
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; keep the beat alive.
            LOG.log(Level.ERROR, "Redis beat failed", e);
        }
    }

    private void connect() {
        if (client == null) {
            createClient();
        }
        StatefulRedisConnection<String, String> connection = client.connect();
        try {
            StatefulRedisPubSubConnection<String, String> subscription = client.connectPubSub();
            subscription.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    dispatch(message);
                }
            });
            events = subscription;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        commands = connection;
    }

    private void createClient() {
        // Reconnect quickly (a Redis restarted on the same machine is back within a second), but
        // back off to a try every 2 s, which keeps the log quiet during a long outage.
        resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        client = RedisClient.create(resources, redisUri);
        // Fail at once while disconnected rather than queue: a queued event would be published
        // after the clients it concerned were closed, and a join would hang.
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(CALL_TIMEOUT)).build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                outage(new RedisException("connection lost"));
            }
        });
    }

    /** One published event, on Lettuce's event loop: to this node's members of its room, if any. */
    private void dispatch(String payload) {
        Published.parse(payload).ifPresentOrElse(event -> {
            RedisRoom room = rooms.get(event.room());
            if (room != null) {
                room.here().deliver(event);
            }
        }, () -> LOG.log(Level.WARNING, "Ignored an event this version cannot read: {0}", payload));
    }

    /**
     * Redis failed or could not be reached: the first to find out closes every client of this
     * node with 1013, and the beat brings the node back once Redis answers.
     */
    private void outage(Throwable cause) {
        if (closing || !available.compareAndSet(true, false)) {
            LOG.log(Level.DEBUG, "Redis still unavailable: {0}", String.valueOf(cause));
            return;
        }
        unavailableSince = System.nanoTime();
        List<Connection> clients = new ArrayList<>();
        for (RedisRoom room : rooms.values()) {
            clients.addAll(room.here().connections());
        }
        LOG.log(Level.WARNING, "Redis at {0} unavailable ({1}): closing the {2} clients of this node with 1013 until it is back",
                shownUri, String.valueOf(cause), clients.size());
        for (Connection client : clients) {
            client.end(CloseCodes.TRY_AGAIN_LATER, UNAVAILABLE);
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String loadScript() {
        try (InputStream in = RedisRelay.class.getResourceAsStream("chat.lua")) {
            if (in == null) {
                throw new IllegalStateException("chat.lua is missing from the WAR");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java platform", e);
        }
    }
}

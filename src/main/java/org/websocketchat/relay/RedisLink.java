package org.websocketchat.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
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

import org.websocketchat.control.DaemonThreads;
import org.websocketchat.control.Telemetry;

/**
 * The wire to Redis, over Lettuce: one connection for commands, one subscribed to the events
 * channel, and {@code chat.lua}, which every change goes through.
 *
 * <p>Threads: every Lettuce object is made, used and stopped on threads of the relay's own, never
 * on a container's. Netty leaves a thread-local map on any thread that writes to it, and a
 * container's threads outlive the application (a container may report each such map at
 * undeploy as a leak: docs/containers.md, 24). The clients' commands are issued on one {@code calls} thread, so one client's messages
 * reach Redis in the order it sent them; {@link #connect} and the synchronous calls run on the
 * caller's thread, which must be the relay's beat thread.
 */
final class RedisLink {

    /** The longest a command waits for Redis. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    static final String[] NO_KEYS = {};

    private final RedisURI uri;
    private final String script = readScript();
    private final String scriptSha = sha1(script);
    private final DaemonThreads callThread = new DaemonThreads("chat-redis-calls");
    private final ExecutorService calls = Executors.newSingleThreadExecutor(callThread);
    private final Telemetry telemetry;
    private volatile ClientResources resources;
    private volatile RedisClient client;
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> events;

    /** {@code telemetry} hears how long each call took, or that it failed. */
    RedisLink(RedisURI uri, Telemetry telemetry) {
        this.uri = uri;
        this.telemetry = telemetry;
        uri.setTimeout(CALL_TIMEOUT);
    }

    /** {@code HOST:PORT}, without the user information, which may hold a password. */
    String shown() {
        return uri.getHost() + ":" + uri.getPort();
    }

    Telemetry telemetry() {
        return telemetry;
    }

    boolean isConnected() {
        return commands != null;
    }

    /**
     * Connects, handing each message published on {@code channel} to {@code onEvent} (on Lettuce's
     * event loop, one at a time, in the order Redis sent them), and reporting a lost connection
     * to {@code onLost}. Lettuce reconnects by itself afterwards.
     */
    void connect(String channel, Consumer<String> onEvent, Consumer<Throwable> onLost) {
        if (client == null) {
            createClient(onLost);
        }
        StatefulRedisConnection<String, String> connection = client.connect();
        try {
            StatefulRedisPubSubConnection<String, String> subscription = client.connectPubSub();
            subscription.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    if (channel.equals(from)) {
                        onEvent.accept(message);
                    }
                }
            });
            events = subscription;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        commands = connection;
    }

    /** Loads the script, which a restarted Redis has forgotten. Synchronous. */
    void loadScript() {
        commands.sync().scriptLoad(script);
    }

    /**
     * Subscribes to the channel, again after an outage: harmless, and it makes sure no event is
     * missed from here on. Synchronous.
     */
    void subscribe(String channel) {
        events.sync().subscribe(channel);
    }

    /** Runs {@code chat.lua} with {@code args} and waits for its answer. Synchronous, for the beat thread. */
    <T> T evalNow(ScriptOutputType type, String... args) {
        return commands.sync().evalsha(scriptSha, type, NO_KEYS, args);
    }

    /** Runs {@code chat.lua} with {@code args} on the {@code calls} thread, without waiting. */
    <T> CompletableFuture<T> eval(ScriptOutputType type, String... args) {
        return send(redis -> redis.evalsha(scriptSha, type, NO_KEYS, args));
    }

    /** Waits for an answer; every failure is a {@link RelayUnavailableException}. */
    static <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RelayUnavailableException("Redis failed", e.getCause());
        } catch (TimeoutException e) {
            throw new RelayUnavailableException("Redis did not answer within " + CALL_TIMEOUT.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RelayUnavailableException("interrupted while waiting for Redis", e);
        }
    }

    /** Stops Lettuce, on the {@code calls} thread, and that thread. */
    void stop() {
        calls.execute(this::stopLettuce);
        callThread.stop(calls, CALL_TIMEOUT.multipliedBy(2), false);
    }

    private <T> CompletableFuture<T> send(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
        CompletableFuture<T> result = new CompletableFuture<>();
        StatefulRedisConnection<String, String> connection = commands;
        if (connection == null) {
            result.completeExceptionally(new RelayUnavailableException("Redis is unavailable", null));
            return result;
        }
        long started = System.nanoTime();
        try {
            calls.execute(() -> {
                try {
                    command.apply(connection.async()).whenComplete((value, failure) -> {
                        telemetry.relayed(System.nanoTime() - started, failure != null);
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

    private void createClient(Consumer<Throwable> onLost) {
        // Reconnect quickly (a Redis restarted on the same machine is back within a second), but
        // back off to a try every 2 s, which keeps the log quiet during a long outage.
        resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        client = RedisClient.create(resources, uri);
        // Fail at once while disconnected rather than queue: a queued event would be published
        // after the clients it concerned were closed, and a join would hang.
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(CALL_TIMEOUT)).build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                onLost.accept(new RedisException("connection lost"));
            }
        });
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

    private static String readScript() {
        try (InputStream in = RedisLink.class.getResourceAsStream("chat.lua")) {
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

package org.websocketchat.lifecycle;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import org.websocketchat.boundary.ChatRuntime;
import org.websocketchat.boundary.Operations;
import org.websocketchat.control.Archive;
import org.websocketchat.control.CrowdRule;
import org.websocketchat.control.DaemonThreads;
import org.websocketchat.control.InJvmRelay;
import org.websocketchat.control.Lobby;
import org.websocketchat.control.OriginPolicy;
import org.websocketchat.control.Relay;
import org.websocketchat.control.RoomRegistry;
import org.websocketchat.metrics.ChatMetrics;
import org.websocketchat.relay.RedisRelay;
import org.websocketchat.store.JdbcStore;
import org.websocketchat.wire.JsonWire;
import org.websocketchat.wire.PlainWire;

/**
 * The running chat, the composition root: builds every part, owns every piece of shared state
 * and every thread, from the moment the web application starts until it stops
 * ({@link ChatLifecycle}), and lends the boundary what it needs ({@link ChatRuntime}).
 */
public final class ChatApplication implements AutoCloseable {

    private static final Logger LOG = System.getLogger(ChatApplication.class.getName());
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);
    /**
     * Liveness is checked this many times per heartbeat interval, pings go out once: a client
     * that stopped answering is then ended within a quarter interval past its timeout, not up
     * to a whole interval past it. A check is a few field reads per connection.
     */
    private static final int CHECKS_PER_INTERVAL = 4;

    private final ChatRuntime runtime;
    /** How long {@link #close} spreads the clients' closes over. */
    private final Duration drain;
    /**
     * Threads for closes and pings, the standard API's blocking calls, which may wait for a
     * stalled socket (at most the container's send timeout: 5 s on Tomcat, see SessionPeer).
     * Bounded, so that a mass close of 10,000 clients queues its closes rather than starting a
     * thread for each; a close or ping to a client that reads takes microseconds, so 64 keep up
     * with thousands a second even while dozens wait on stalled sockets.
     */
    private static final int IO_THREADS = 64;

    /** Closes and pings: never a broadcast's, a container's or the heartbeat's thread. */
    private final DaemonThreads ioThreads = new DaemonThreads("chat-io");
    private final ExecutorService io = boundedPool(ioThreads, IO_THREADS);
    /**
     * Carries a connection's sends on where the container completed one on the thread that
     * started it ({@link ChatRuntime#sends()}). Its tasks never block, so a thread per core will do;
     * a fixed pool keeps a broadcast to a large room from starting a thread per member, and its
     * queue gives the members' outboxes turns in order.
     */
    private final DaemonThreads sendThreads = new DaemonThreads("chat-send");
    private final ExecutorService sends = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), sendThreads);
    /** The heartbeat's checks, each crowded room's presence update once a second, the dashboard's samples. */
    private final DaemonThreads heartbeatThread = new DaemonThreads("chat-heartbeat");
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(heartbeatThread);
    /** Checks made so far; the heartbeat thread's alone. */
    private long beats;
    /** What /metrics shows; every part reports to it. */
    private final ChatMetrics metrics = new ChatMetrics();
    /** Where rooms' events are ordered and kept; Lettuce is loaded only if it is {@link RedisRelay}. */
    private final Relay relay;
    /** The database behind the rooms with {@code chat.store=jdbc}; Flyway is loaded only then. */
    private final Optional<JdbcStore> store;
    private final Lobby lobby;

    private ChatApplication(ChatConfig config, boolean directWrites) {
        this.drain = config.drain();
        // java.util.Random, not RandomGenerator.getDefault(): that one looks its algorithm up with
        // ServiceLoader, which may find nothing from a web application's class loader and then
        // fails the deployment (docs/containers.md, 10). Random is thread-safe, which guest names need. Ping tokens
        // come from SecureRandom: Random's next outputs follow from one it gave, and a client that
        // could predict a token could answer pings without reading them.
        this.store = config.store() instanceof ChatConfig.Jdbc jdbc
                ? Optional.of(JdbcStore.open(dataSource(jdbc.dataSource()), jdbc.retention(), metrics, Clock.systemUTC()))
                : Optional.empty();
        this.relay = config.relay() instanceof ChatConfig.Redis redis
                ? RedisRelay.start(redis.uri(), config.historySize(), config.crowd(), metrics, store.map(JdbcStore::archive).orElse(Archive.NONE))
                : new InJvmRelay(config.historySize(), store.map(JdbcStore::archive).orElse(Archive.NONE), config.crowd(),
                        Clock.systemUTC());
        this.lobby = new Lobby(new RoomRegistry(relay), config.limits(), config.guests(), config.access(), io,
                System::nanoTime, new Random(), new SecureRandom(), metrics);
        metrics.watch(lobby);
        this.runtime = new ChatRuntime(lobby, new OriginPolicy(config.allowedOrigins()),
                new PlainWire(config.plainEscapeHtml()), new JsonWire(), sends, io, directWrites, config.access().roles(),
                config.tokens(), new Operations(metrics::scrape, metrics::dashboard, this::drain,
                config.access().moderatorRole()));
        long tick = Math.max(1, config.limits().heartbeatInterval().toMillis() / CHECKS_PER_INTERVAL);
        heartbeat.scheduleWithFixedDelay(this::beat, tick, tick, TimeUnit.MILLISECONDS);
        long presence = CrowdRule.UPDATE_INTERVAL.toMillis();
        heartbeat.scheduleWithFixedDelay(this::presenceTick, presence, presence, TimeUnit.MILLISECONDS);
        long sample = ChatMetrics.SAMPLE_EVERY.toMillis();
        heartbeat.scheduleAtFixedRate(metrics::sample, sample, sample, TimeUnit.MILLISECONDS);
    }

    /** Starts the chat and opens the endpoint to clients. */
    static ChatApplication start(ChatConfig config, boolean directWrites) {
        ChatApplication app = new ChatApplication(config, directWrites);
        try {
            ChatRuntime.install(app.runtime);
        } catch (IllegalStateException alreadyRunning) {
            app.close();
            throw alreadyRunning;
        }
        LOG.log(Level.INFO, "websocket-chat started: {0}", config);
        return app;
    }

    /**
     * Turns new clients away, closes every client with 1001 in batches spread over the drain
     * time, and stops every thread this application started.
     */
    @Override
    public void close() {
        drain();
        ChatRuntime.uninstall(runtime);
        // After the clients: a node that leaves Redis releases their names and announces who left.
        relay.close();
        store.ifPresent(JdbcStore::close);
        // The container warns of (and may leak) any thread still alive when the context stops.
        heartbeatThread.stop(heartbeat, SHUTDOWN_WAIT, true);
        sendThreads.stop(sends, SHUTDOWN_WAIT, false);
        ioThreads.stop(io, SHUTDOWN_WAIT, false);
        metrics.close();
        LOG.log(Level.INFO, "websocket-chat stopped");
    }

    /**
     * Turns new clients away and closes the open ones in batches over the drain time; the second
     * call finds none left. Runs on the container's thread that stops the application.
     */
    private void drain() {
        heartbeat.shutdownNow();
        // The close frames wait for the frames in flight, which the send threads may carry on.
        lobby.shutdown(drain, SHUTDOWN_WAIT);
    }

    /** The container's DataSource of {@code chat.store.datasource}; a missing one fails the deployment, naming it. */
    private static DataSource dataSource(String name) {
        try {
            return (DataSource) new InitialContext().lookup(name);
        } catch (NamingException | ClassCastException e) {
            throw new IllegalStateException("chat.store=jdbc needs a DataSource at " + name + " (see docs/containers.md, DataSource): "
                    + e, e);
        }
    }

    private void beat() {
        try {
            lobby.heartbeat(++beats % CHECKS_PER_INTERVAL == 0);
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; keep the heartbeat alive.
            LOG.log(Level.ERROR, "Heartbeat failed", e);
        }
    }

    /** On the heartbeat thread too: like a beat, it only hands frames to outboxes and starts sends, never waits on a socket. */
    private void presenceTick() {
        try {
            lobby.presenceTick();
        } catch (RuntimeException e) {
            // As for the heartbeat: a scheduled task that throws is never run again.
            LOG.log(Level.ERROR, "Presence update failed", e);
        }
    }

    /** {@code threads} at most, each ending after a minute idle; tasks beyond them wait in order. */
    private static ExecutorService boundedPool(DaemonThreads made, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), made);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}

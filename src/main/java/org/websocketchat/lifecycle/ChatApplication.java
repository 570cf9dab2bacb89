package org.websocketchat.lifecycle;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.websocketchat.boundary.JsonWire;
import org.websocketchat.boundary.PlainWire;
import org.websocketchat.control.InJvmRelay;
import org.websocketchat.control.Lobby;
import org.websocketchat.control.OriginPolicy;
import org.websocketchat.control.Relay;
import org.websocketchat.control.RoomRegistry;
import org.websocketchat.control.Wire;
import org.websocketchat.relay.RedisRelay;

/**
 * The running chat: owns every piece of shared state and every thread, from the moment the web
 * application starts until it stops ({@link ChatLifecycle}).
 *
 * <p>JSR 356 creates endpoint and configurator instances itself and gives them no portable way
 * to reach the {@code ServletContext} (the {@code HttpSession} may be null), so they find the
 * application through {@link #running()}. That one static field is per deployment: each web
 * application has its own class loader, hence its own copy of this class.
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

    private static volatile ChatApplication running;

    private final ChatConfig config;
    private final OriginPolicy originPolicy;
    private final Wire plain;
    private final Wire json = new JsonWire();
    /** Closes and pings, which may wait for a stalled socket. */
    private final ExecutorService io = Executors.newCachedThreadPool(daemonThreads("chat-io"));
    /**
     * Carries a connection's sends on where the container completed one on the thread that
     * started it (see {@code SessionPeer}). Its tasks never block, so a thread per core will do;
     * a fixed pool keeps a broadcast to a large room from starting a thread per member, and its
     * queue gives the members' outboxes turns in order.
     */
    private final ExecutorService sends = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), daemonThreads("chat-send"));
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(daemonThreads("chat-heartbeat"));
    /** Checks made so far; the heartbeat thread's alone. */
    private long beats;
    /** Where rooms' events are ordered and kept; Lettuce is loaded only if it is {@link RedisRelay}. */
    private final Relay relay;
    private final Lobby lobby;

    private ChatApplication(ChatConfig config) {
        this.config = config;
        this.originPolicy = new OriginPolicy(config.allowedOrigins());
        this.plain = new PlainWire(config.plainEscapeHtml());
        // java.util.Random, not RandomGenerator.getDefault(): that one looks its algorithm up with
        // ServiceLoader, which finds nothing from a web application's class loader on GlassFish
        // ("No implementation of the random number generator algorithm L32X64MixRandom") and
        // fails the deployment. Random is thread-safe, which guest names need. Ping tokens come
        // from SecureRandom: Random's next outputs follow from one it gave, and a client that
        // could predict a token could answer pings without reading them.
        this.relay = config.relay() instanceof ChatConfig.Redis redis
                ? RedisRelay.start(redis.uri(), config.historySize())
                : new InJvmRelay(config.historySize(), Clock.systemUTC());
        this.lobby = new Lobby(new RoomRegistry(relay), config.limits(), io,
                System::nanoTime, new Random(), new SecureRandom());
        long tick = Math.max(1, config.limits().heartbeatInterval().toMillis() / CHECKS_PER_INTERVAL);
        heartbeat.scheduleWithFixedDelay(this::beat, tick, tick, TimeUnit.MILLISECONDS);
    }

    static synchronized ChatApplication start(ChatConfig config) {
        if (running != null) {
            throw new IllegalStateException("websocket-chat is already running in this web application");
        }
        running = new ChatApplication(config);
        LOG.log(Level.INFO, "websocket-chat started: {0}", config);
        return running;
    }

    /** The application of this deployment; fails if it is not (or no longer) started. */
    public static ChatApplication running() {
        ChatApplication app = running;
        if (app == null) {
            throw new IllegalStateException("websocket-chat is not running");
        }
        return app;
    }

    public Lobby lobby() {
        return lobby;
    }

    /** Where blocking calls on sessions run: never a broadcast's, a container's or the heartbeat's thread. */
    public Executor io() {
        return io;
    }

    /** Where a connection's outbox carries on after a send that completed on its calling thread. */
    public Executor sends() {
        return sends;
    }

    public OriginPolicy originPolicy() {
        return originPolicy;
    }

    /** The wire format for a negotiated subprotocol ({@code ""} when none was). */
    public Wire wire(String subprotocol) {
        return JsonWire.SUBPROTOCOL.equals(subprotocol) ? json : plain;
    }

    /** Closes every client with 1001 and stops every thread this application started. */
    @Override
    public void close() {
        synchronized (ChatApplication.class) {
            if (running == this) {
                running = null;
            }
        }
        heartbeat.shutdownNow();
        // The close frames of the shutdown wait for the frames in flight, which the send threads may carry on.
        lobby.shutdown(SHUTDOWN_WAIT);
        // After the clients: a node that leaves Redis releases their names and announces who left.
        relay.close();
        sends.shutdown();
        io.shutdown();
        // The container warns of (and may leak) any thread still alive when the context stops.
        awaitTermination(heartbeat);
        awaitTermination(sends);
        awaitTermination(io);
        LOG.log(Level.INFO, "websocket-chat stopped");
    }

    private static void awaitTermination(ExecutorService threads) {
        try {
            if (!threads.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
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

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

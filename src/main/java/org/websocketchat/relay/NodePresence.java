package org.websocketchat.relay;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;

import org.websocketchat.control.DaemonThreads;

/**
 * This node's presence among the nodes sharing one Redis, and whether Redis can be reached.
 *
 * <p>Each {@linkplain #BEAT beat} renews a key of this node's with a {@linkplain #NODE_TTL time
 * to live} and releases the claims of every node whose key has expired, announcing {@code left}
 * for each: a node killed outright loses its members within about {@code NODE_TTL + BEAT}.
 *
 * <p>Without Redis a node cannot order anything across nodes, so it does not pretend to: the
 * first to find Redis failing ({@link #outage}) has the node's clients ended (1013, try again
 * later) and new ones are refused until a beat finds Redis answering again; that beat also
 * releases the claims the node held before (their clients are gone). Each change is logged.
 *
 * <p>Threads: one beat thread, which also connects (see {@link RedisLink}).
 */
final class NodePresence {

    /** How long a node counts as alive after its last beat. */
    static final Duration NODE_TTL = Duration.ofSeconds(10);
    static final Duration BEAT = Duration.ofSeconds(2);

    private static final Logger LOG = System.getLogger(NodePresence.class.getName());

    private final RedisLink link;
    private final String node;
    private final String channel;
    private final Consumer<String> onEvent;
    private final IntSupplier endEveryClient;
    private final Runnable onServing;
    private final DaemonThreads beatThread = new DaemonThreads("chat-redis-beat");
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(beatThread);
    private final AtomicBoolean available = new AtomicBoolean();
    private volatile boolean stopping;
    /** When Redis became unavailable ({@link System#nanoTime}); written by whoever finds it so. */
    private volatile long unavailableSince;
    /** Whether Redis has been available before; the beat thread's alone. */
    private boolean served;

    /**
     * {@code onEvent} hears each event published on {@code channel}; {@code endEveryClient} ends
     * this node's clients when Redis is found unavailable and says how many there were;
     * {@code onServing} runs on the beat thread each time the node starts serving, when it first
     * joins Redis and when Redis is back, after the change is logged.
     */
    NodePresence(RedisLink link, String node, String channel, Consumer<String> onEvent, IntSupplier endEveryClient,
            Runnable onServing) {
        this.link = link;
        this.node = node;
        this.channel = channel;
        this.onEvent = onEvent;
        this.endEveryClient = endEveryClient;
        this.onServing = onServing;
    }

    /** Beats once, waiting for it, then every {@link #BEAT}; Redis need not be reachable yet. */
    void start() {
        try {
            beats.submit(this::beat).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the first Redis beat failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!available.get()) {
            LOG.log(Level.WARNING, "Redis at {0} cannot be reached: clients are refused with 1013 until it can", link.shown());
        }
        long beat = BEAT.toMillis();
        beats.scheduleWithFixedDelay(this::beat, beat, beat, TimeUnit.MILLISECONDS);
    }

    boolean isAvailable() {
        return available.get();
    }

    /**
     * Redis failed or could not be reached: the first to find out has this node's clients ended,
     * and the beat brings the node back once Redis answers.
     */
    void outage(Throwable cause) {
        if (stopping || !available.compareAndSet(true, false)) {
            LOG.log(Level.DEBUG, "Redis still unavailable: {0}", String.valueOf(cause));
            return;
        }
        unavailableSince = System.nanoTime();
        int ended = endEveryClient.getAsInt();
        LOG.log(Level.WARNING, "Redis at {0} unavailable ({1}): closed the {2} clients of this node with 1013 until it is back",
                link.shown(), String.valueOf(cause), ended);
    }

    /** Stops beating; the node's key then expires unless the relay releases it first. */
    void stop() {
        stopping = true;
        beatThread.stop(beats, RedisLink.CALL_TIMEOUT, true);
    }

    /** Renews this node, reaps the dead ones; connects, or comes back after an outage, as needed. */
    private void beat() {
        try {
            if (!link.isConnected()) {
                link.connect(channel, onEvent, this::outage);
            }
            boolean fresh = !available.get();
            if (fresh) {
                link.loadScript();
            }
            Long reaped = link.evalNow(ScriptOutputType.INTEGER, "beat", RedisRelay.PREFIX, node,
                    Long.toString(NODE_TTL.toMillis()), fresh ? "1" : "0");
            if (reaped > 0) {
                LOG.log(Level.INFO, "Removed {0} members of nodes that stopped without leaving", reaped);
            }
            if (fresh) {
                link.subscribe(channel);
            }
            if (fresh && available.compareAndSet(false, true)) {
                if (served) {
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unavailableSince);
                    LOG.log(Level.INFO, "Redis at {0} is back after {1} ms: node {2} serves again", link.shown(), millis, node);
                } else {
                    LOG.log(Level.INFO, "Node {0} joined Redis at {1}", node, link.shown());
                }
                served = true;
                onServing.run();
            }
        } catch (RedisException | IllegalStateException e) {
            outage(e);
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; keep the beat alive.
            LOG.log(Level.ERROR, "Redis beat failed", e);
        }
    }
}

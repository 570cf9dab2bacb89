package org.websocketchat.control;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.websocketchat.wire.Frame;

/**
 * The one writer of a connection: a bounded queue drained one frame at a time, each send started
 * by the completion of the one before. A peer may refuse a send that overlaps another on the same
 * connection, and a broadcast must never wait for a slow client,
 * so {@link #offer} never blocks: when the queue holds more than its frame or byte budget, the
 * outbox {@linkplain #isOverflowed() overflows}, drops what it holds and accepts nothing more.
 *
 * <p>Pings travel through the same queue, behind every frame queued before them: a container
 * may refuse a ping while a text frame is in flight, a ping sent behind a full socket must not
 * block whoever happens to pump, and a client can only echo a ping's payload once it has read
 * everything queued before it, which is what the heartbeat relies on to find a client that
 * has stopped reading where the container completes sends as soon as it has buffered them.
 * Several pings may wait, spread through the frames; they do not count against the frame budget.
 *
 * <p>Concurrency: every public method may be called from any thread. At most one thread pumps
 * at a time (the {@code pumping} flag), and the pump never holds the lock while it calls the
 * peer, because a peer may complete a send inline. An idle outbox starts pumping on the thread
 * that offers (a broadcast's), once the room has let go of its lock ({@link Fanout}). The
 * {@link Peer} contract lets a send complete on its calling thread; the pump then carries on in
 * its loop rather than recursing.
 *
 * <p>Frames that queued up while another was in flight, which happens when broadcasts overlap,
 * go to the peer together when the client has room for all of them
 * ({@link Peer#sendDirectly(List, Consumer)}), for one write instead of one each.
 *
 * <p>Ending: {@link #close} drops what is queued, {@link #seal} keeps it for sending; either way
 * nothing more is accepted, and {@link #whenDrained} says when the last frame has left.
 */
public final class Outbox {

    /** Text frames handed to the peer in one {@link Peer#sendDirectly(List, Consumer)} at most. */
    static final int MAX_BATCH = 32;
    /** A ping on the wire: a 2-byte header and an 8-byte token. */
    private static final int PING_BYTES = 10;

    private final Peer peer;
    private final DirectWrites directWrites;
    /** Whether frames queued behind a direct one go with it ({@link #batchBehind}): only where direct writes are real. */
    private final boolean batches;
    private final Consumer<Throwable> onFailure;
    private final int maxFrames;
    private final long maxBytes;
    private final Backlog backlog;
    private boolean pumping;
    private boolean inSend;
    private boolean completedInline;
    private boolean overflowed;
    private boolean failed;
    private boolean closed;
    /** Frames and pings handed to the peer so far. */
    private long handedOver;
    /** Bytes of text handed to the peer so far. */
    private long handedBytes;
    /** Runs once the queue is empty and nothing is in flight; see {@link #whenDrained}. */
    private Runnable whenDrained;
    /** {@link #pump} and {@link #sent} as objects, made once: a broadcast hands them over for every member. */
    private final Runnable pumpTask = this::pump;
    private final Consumer<Throwable> sentTask = this::sent;

    /** {@code onFailure} hears of the first send that fails, after the outbox has closed itself. */
    public Outbox(Peer peer, int maxFrames, long maxBytes, Consumer<Throwable> onFailure) {
        this(peer, maxFrames, maxBytes, DirectWrites.NEVER, Telemetry.NONE, onFailure);
    }

    /**
     * As above; a frame that {@code directWrites} allows is handed over with {@link Peer#sendDirectly};
     * {@code telemetry} hears how long each text frame waited.
     */
    public Outbox(Peer peer, int maxFrames, long maxBytes, DirectWrites directWrites, Telemetry telemetry,
            Consumer<Throwable> onFailure) {
        this.peer = peer;
        this.backlog = new Backlog(telemetry);
        this.directWrites = directWrites;
        this.batches = peer.writesDirectly();
        this.onFailure = onFailure;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    /**
     * Queues a frame. Returns {@code false} if the outbox is closed or this frame made it
     * overflow; the caller then closes the connection as a slow consumer.
     */
    public boolean offer(Frame frame) {
        return offer(frame, Fanout.current());
    }

    /** As {@link #offer(Frame)}, within {@code fanout}, the scope a broadcast looked up once for all its members. */
    boolean offer(Frame frame, Fanout fanout) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (!backlog.admits(frame, maxFrames, maxBytes)) {
                overflowed = true;
                close();
                return false;
            }
            backlog.add(frame);
            if (pumping) {
                return true;
            }
            pumping = true;
        }
        Fanout.start(fanout, pumpTask);
        return true;
    }

    /**
     * Queues a ping carrying {@code payload} behind the frames already queued; {@code handedOver}
     * runs on the pumping thread just before the ping is handed to the peer. Returns
     * {@code false}, and queues nothing, if the outbox is closed.
     */
    public boolean ping(byte[] payload, Runnable handedOver) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            backlog.addPing(payload, handedOver);
            if (pumping) {
                return true;
            }
            pumping = true;
        }
        Fanout.start(Fanout.current(), pumpTask);
        return true;
    }

    /**
     * Drops what is queued and accepts nothing more; a frame already in flight finishes, and
     * then whatever {@link #whenDrained} asked for runs.
     */
    public synchronized void close() {
        closed = true;
        backlog.clear();
    }

    /** Accepts nothing more, but still sends what is queued. */
    public synchronized void seal() {
        closed = true;
    }

    /**
     * Runs {@code then} once nothing is queued and nothing is in flight: at once on this thread if
     * that is already so, else on the thread that completes the last send. At most one task
     * waits; call it after {@link #close} or {@link #seal}, or it may wait for ever.
     */
    public void whenDrained(Runnable then) {
        synchronized (this) {
            if (pumping) {
                whenDrained = then;
                return;
            }
        }
        then.run();
    }

    public synchronized boolean isOverflowed() {
        return overflowed;
    }

    public synchronized long queuedBytes() {
        return backlog.bytes();
    }

    /**
     * Frames and pings handed to the peer so far: while it grows, the outbox is moving, and a
     * ping waiting in it waits for the server, not for the client.
     */
    public synchronized long handedOver() {
        return handedOver;
    }

    /** Bytes of text handed to the peer so far. */
    public synchronized long handedBytes() {
        return handedBytes;
    }

    /** Whether a ping is queued and not yet handed to the peer. */
    public synchronized boolean isPingWaiting() {
        return backlog.isPingWaiting();
    }

    /** Text frames queued and not yet handed to the peer; waiting pings are not counted. */
    public synchronized int queuedFrames() {
        return backlog.frames();
    }

    private void pump() {
        while (true) {
            Frame next = null;
            Backlog.WaitingPing ping = null;
            Runnable drained = null;
            boolean direct = false;
            List<String> batch = null;
            synchronized (this) {
                if (backlog.isEmpty()) {
                    pumping = false;
                    drained = whenDrained;
                    whenDrained = null;
                } else {
                    ping = backlog.pollPing();
                    if (ping != null) {
                        direct = directWrites.allow(handedBytes, PING_BYTES);
                    } else {
                        next = backlog.pollText();
                        direct = directWrites.allow(handedBytes, next.bytes());
                        handedBytes += next.bytes();
                        if (direct && batches) {
                            batch = batchBehind(next);
                        }
                    }
                    handedOver++;
                    inSend = true;
                    completedInline = false;
                }
            }
            if (next == null && ping == null) {
                if (drained != null) {
                    drained.run();
                }
                return;
            }
            if (ping != null) {
                ping.handedOver().run();
                if (direct) {
                    peer.pingDirectly(ping.payload(), sentTask);
                } else {
                    peer.ping(ping.payload(), sentTask);
                }
            } else if (batch != null) {
                peer.sendDirectly(batch, sentTask);
            } else if (direct) {
                peer.sendDirectly(next.text(), sentTask);
            } else {
                peer.send(next.text(), sentTask);
            }
            synchronized (this) {
                inSend = false;
                if (!completedInline) {
                    return; // sent() will pump when the send completes
                }
            }
        }
    }

    /**
     * The text frames queued right behind {@code first} that may be written directly too, taken
     * off the queue with it, up to {@value #MAX_BATCH} in all; {@code null} if there are none, the
     * usual case. Called under the lock, with {@code first} already counted as handed over.
     */
    private List<String> batchBehind(Frame first) {
        List<String> batch = null;
        for (Frame following = backlog.peekText(); following != null && directWrites.allow(handedBytes, following.bytes())
                && (batch == null || batch.size() < MAX_BATCH); following = backlog.peekText()) {
            if (batch == null) {
                batch = new ArrayList<>();
                batch.add(first.text());
            }
            batch.add(backlog.pollText().text());
            handedBytes += following.bytes();
            handedOver++;
        }
        return batch;
    }

    private void sent(Throwable failure) {
        boolean firstFailure = false;
        boolean pumpHere = true;
        synchronized (this) {
            if (failure != null) {
                firstFailure = !failed;
                failed = true;
                close();
            }
            if (inSend) {
                completedInline = true; // the pump that started this send goes on
                pumpHere = false;
            }
        }
        if (firstFailure) {
            // Nothing will be sent on this connection again; whoever owns it must end it rather
            // than leave a client connected that never hears another word.
            onFailure.accept(failure);
        }
        if (pumpHere) {
            pump();
        }
    }
}

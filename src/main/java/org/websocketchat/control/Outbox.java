package org.websocketchat.control;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The one writer of a connection: a bounded queue drained one frame at a time, each send started
 * by the completion of the one before. Containers reject overlapping sends on one session
 * (Tomcat throws {@code TEXT_FULL_WRITING}), and a broadcast must never wait for a slow client,
 * so {@link #offer} never blocks: when the queue holds more than its frame or byte budget, the
 * outbox {@linkplain #isOverflowed() overflows}, drops what it holds and accepts nothing more.
 *
 * <p>Concurrency: {@code offer}, {@code ping} and {@code close} may be called from any thread.
 * At most one thread pumps at a time (the {@code pumping} flag), and the pump never holds the
 * lock while it calls the peer, because a peer may complete a send inline.
 */
public final class Outbox {

    private static final Frame PING = new Frame("", 0);

    private final Peer peer;
    private final int maxFrames;
    private final long maxBytes;
    private final Deque<Frame> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean pumping;
    private boolean inSend;
    private boolean completedInline;
    private boolean overflowed;
    private boolean closed;

    public Outbox(Peer peer, int maxFrames, long maxBytes) {
        this.peer = peer;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    /**
     * Queues a frame. Returns {@code false} if the outbox is closed or this frame made it
     * overflow; the caller then closes the connection as a slow consumer.
     */
    public boolean offer(Frame frame) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (queue.size() >= maxFrames || queuedBytes + frame.bytes() > maxBytes) {
                overflowed = true;
                close();
                return false;
            }
            queue.add(frame);
            queuedBytes += frame.bytes();
            if (pumping) {
                return true;
            }
            pumping = true;
        }
        pump();
        return true;
    }

    /** Queues a ping unless one is already waiting. */
    public void ping() {
        synchronized (this) {
            if (closed || queue.contains(PING)) {
                return;
            }
            queue.add(PING);
            if (pumping) {
                return;
            }
            pumping = true;
        }
        pump();
    }

    /** Drops what is queued and accepts nothing more; a frame already in flight finishes. */
    public synchronized void close() {
        closed = true;
        queue.clear();
        queuedBytes = 0;
    }

    public synchronized boolean isOverflowed() {
        return overflowed;
    }

    public synchronized int queuedFrames() {
        return queue.size();
    }

    private void pump() {
        while (true) {
            Frame next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    pumping = false;
                    return;
                }
                queuedBytes -= next.bytes();
                if (next == PING) {
                    inSend = false;
                } else {
                    inSend = true;
                    completedInline = false;
                }
            }
            if (next == PING) {
                peer.ping();
                continue;
            }
            peer.send(next.text(), this::sent);
            synchronized (this) {
                inSend = false;
                if (!completedInline) {
                    return; // sent() will pump when the send completes
                }
            }
        }
    }

    private void sent(Throwable failure) {
        synchronized (this) {
            if (failure != null) {
                // The session is broken; the container reports it through onError/onClose.
                close();
            }
            if (inSend) {
                completedInline = true;
                return;
            }
        }
        pump();
    }
}

package org.websocketchat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One benchmark client on the JDK's WebSocket client, in plain mode (no subprotocol: frames in
 * are {@code NAME: TEXT} lines), talking to our chat or to Tomcat's example ({@link ChatKind}). It
 * counts the benchmark's messages it receives and records each one's fan-out latency: the time
 * from the sender's {@code System.nanoTime()}, carried in the text ({@link Stamp}), to the
 * receipt. Sender and receivers share this JVM's clock.
 *
 * <p>The JDK client calls a listener for one message at a time, and only after {@code request};
 * it answers the server's pings by itself.
 */
final class BenchClient implements WebSocket.Listener {

    private final CompletableFuture<BenchClient> welcomed = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final ChatKind kind;
    private final Deliveries received;
    /** The server this client is connected to, of {@code nodes}; client {@code cN} is on node {@code N % nodes}. */
    private final int node;
    private final int nodes;
    private final StringBuilder partial = new StringBuilder();
    /** Written by the listener alone (the JDK calls it for one frame at a time), read by the benchmark's thread. */
    private volatile int members = MemberCount.UNKNOWN;
    private volatile WebSocket socket;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    private BenchClient(ChatKind kind, Deliveries received, int node, int nodes) {
        this.kind = kind;
        this.received = received;
        this.node = node;
        this.nodes = nodes;
    }

    /**
     * Connects as {@code name} to {@code room} (where the server has names and rooms) on server
     * {@code node} of {@code nodes}; the stage completes when the client has joined. Messages from
     * senders on another server count as crossing nodes.
     */
    static CompletableFuture<BenchClient> connect(HttpClient http, ChatKind kind, URI chat, String name, String room,
            Deliveries received, int node, int nodes) {
        BenchClient client = new BenchClient(kind, received, node, nodes);
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(kind.address(chat, name, room), client)
                .whenComplete((socket, failure) -> {
                    if (failure != null) {
                        client.welcomed.completeExceptionally(failure);
                    }
                });
        return client.welcomed;
    }

    /** Sends one benchmark message stamped now; sends from one client go out one after another. */
    synchronized void send(int sender, long seq) {
        String text = Stamp.text(sender, seq, System.nanoTime());
        lastSend = lastSend.thenCompose(ignored -> socket.sendText(text, true));
    }

    /** Completes with the close code when the server closes the connection (or 1006 if it drops). */
    CompletableFuture<Integer> closed() {
        return closed;
    }

    /** The room's member count as the last presence line this client received gave it ({@link MemberCount}). */
    int members() {
        return members;
    }

    boolean isOpen() {
        return !closed.isDone();
    }

    void close() {
        WebSocket open = socket;
        if (open != null && !open.isOutputClosed()) {
            open.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(ignored -> null);
        }
    }

    /** Drops the connection without a close frame. */
    void abort() {
        WebSocket open = socket;
        if (open != null) {
            open.abort();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            onFrame(frame, System.nanoTime());
        }
        webSocket.request(1);
        return null;
    }

    private void onFrame(String frame, long now) {
        members = MemberCount.after(members, frame);
        if (!welcomed.isDone()) {
            if (kind.welcomes(frame)) {
                welcomed.complete(this);
            } else if (kind.refuses(frame)) {
                welcomed.completeExceptionally(new IllegalStateException("refused: " + frame));
            }
            return;
        }
        Stamp stamp = Stamp.of(frame);
        if (stamp != null) {
            received.add(Math.max(0, now - stamp.sentAt()) / 1_000, stamp.sender() % nodes != node);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        welcomed.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(1006);
        welcomed.completeExceptionally(error);
    }
}

package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * A test client over Tyrus: every text frame it receives lands in a queue, and each assertion
 * waits for the next one with a bounded timeout.
 */
public final class ChatClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** What Tyrus' client throws, as a plain RuntimeException, for a send on a socket that has just closed. */
    private static final String TYRUS_NOT_CONNECTED = "Socket is not connected.";

    /** One Grizzly transport shared by every test client, instead of one per connection. */
    private static final ClientManager TYRUS = sharedClientManager();

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    /** {@link System#nanoTime} when the close arrived; set before {@code closed} completes. */
    private volatile long closedAt;
    /** One permit per frame or close that arrived, so a wait for either needs no polling. */
    private final Semaphore arrivals = new Semaphore(0);
    private final Session session;

    private ChatClient(URI uri, ClientEndpointConfig config) throws DeploymentException {
        try {
            this.session = TYRUS.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                    session.addMessageHandler(String.class, frame -> {
                        frames.add(frame);
                        arrivals.release();
                    });
                }

                @Override
                public void onClose(Session session, CloseReason reason) {
                    closedAt = System.nanoTime();
                    closed.complete(reason);
                    arrivals.release();
                }
            }, config, uri);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain-mode client (no subprotocol). */
    public static ChatClient plain(URI uri) throws DeploymentException {
        return new ChatClient(uri, ClientEndpointConfig.Builder.create().build());
    }

    /** A {@code chat.v1} client. */
    public static ChatClient json(URI uri) throws DeploymentException {
        return new ChatClient(uri, ClientEndpointConfig.Builder.create().preferredSubprotocols(List.of("chat.v1")).build());
    }

    /** A {@code chat.v1} client that sends this {@code Origin} header. */
    public static ChatClient jsonFrom(URI uri, String origin) throws DeploymentException {
        return jsonWith(uri, Map.of("Origin", origin));
    }

    /** A {@code chat.v1} client that offers a signed token as a second subprotocol, {@code bearer.<token>}. */
    public static ChatClient jsonWithToken(URI uri, String token) throws DeploymentException {
        return new ChatClient(uri, ClientEndpointConfig.Builder.create().preferredSubprotocols(List.of("chat.v1", "bearer." + token)).build());
    }

    /** A {@code chat.v1} client whose handshake carries these headers too (an {@code Origin}, a {@code Cookie}). */
    public static ChatClient jsonWith(URI uri, Map<String, String> extraHeaders) throws DeploymentException {
        return with(uri, List.of("chat.v1"), extraHeaders);
    }

    /** A plain-mode client whose handshake carries these headers too (a {@code Cookie}). */
    public static ChatClient plainWith(URI uri, Map<String, String> extraHeaders) throws DeploymentException {
        return with(uri, List.of(), extraHeaders);
    }

    private static ChatClient with(URI uri, List<String> subprotocols, Map<String, String> extraHeaders) throws DeploymentException {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(subprotocols)
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        extraHeaders.forEach((name, value) -> headers.put(name, List.of(value)));
                    }
                })
                .build();
        return new ChatClient(uri, config);
    }

    public String subprotocol() {
        return session.getNegotiatedSubprotocol();
    }

    /**
     * Sends one text message. A connection the server has just closed fails the send with
     * {@link IllegalStateException}, whichever way Tyrus reports it (docs/containers.md, 26).
     */
    public void send(String text) {
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (!(e instanceof IllegalStateException) && TYRUS_NOT_CONNECTED.equals(e.getMessage())) {
                throw new IllegalStateException("closed: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Sends one text message as several frames: the first part, continuations, the last. */
    public void sendInParts(String... parts) {
        try {
            for (int i = 0; i < parts.length; i++) {
                session.getBasicRemote().sendText(parts[i], i == parts.length - 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void sendBinary(byte[] data) {
        try {
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code {"type":"say","text":…}}. */
    public void say(String text) {
        send(Json.createObjectBuilder().add("type", "say").add("text", text).build().toString());
    }

    /** The next text frame; fails if none arrives in time. */
    public String next() {
        try {
            String frame = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(frame, "no frame within " + TIMEOUT);
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public JsonObject nextJson() {
        return parse(next());
    }

    /** The next JSON frame of that type, skipping others (presence, history) on the way. */
    public JsonObject nextJson(String type) {
        return parse(nextMatching(frame -> type.equals(parse(frame).getString("type", null))));
    }

    /** The next frame that matches, skipping the others; fails if none arrives in time. */
    public String nextMatching(Predicate<String> wanted) {
        return nextMatching(TIMEOUT, wanted);
    }

    /** As {@link #nextMatching(Predicate)}, for a wait that has megabytes to read through. */
    public String nextMatching(Duration timeout, Predicate<String> wanted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> skipped = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
                if (frame == null) {
                    return fail("no matching frame within " + timeout + "; skipped " + skipped.size() + " frames"
                            + (closed.isDone() ? "; closed by the server: " + closed.getNow(null) : ""));
                }
                if (wanted.test(frame)) {
                    return frame;
                }
                skipped.add(frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Whether a frame arrives within {@code wait}; used only to assert that nothing more came. */
    public String poll(Duration wait) throws InterruptedException {
        return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits for the first frame or the close, whichever comes first: empty once a frame is
     * waiting (it stays queued), the close reason if the server closed first.
     */
    public Optional<CloseReason> welcomedOrClosed() {
        awaitFrameOrClose();
        return frames.isEmpty() ? Optional.of(closed.getNow(null)) : Optional.empty();
    }

    /**
     * The next frame that matches, skipping the others, or empty once the server has closed and
     * every frame it sent before the close has been looked at; fails if neither comes in time.
     */
    public Optional<String> nextMatchingOrClose(Predicate<String> wanted) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String frame = frames.poll();
            if (frame == null && closed.isDone()) {
                return Optional.empty();
            }
            if (frame == null) {
                awaitFrameOrClose(deadline);
            } else if (wanted.test(frame)) {
                return Optional.of(frame);
            }
        }
    }

    private void awaitFrameOrClose() {
        awaitFrameOrClose(System.nanoTime() + TIMEOUT.toNanos());
    }

    /** Returns once a frame is queued or the connection closed; fails at the deadline. */
    private void awaitFrameOrClose(long deadline) {
        try {
            // A permit may stand for a frame someone else already took: then look again.
            while (frames.isEmpty() && !closed.isDone()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !arrivals.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    fail("neither a frame nor a close within " + TIMEOUT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Connects until the server admits the client (a freed slot may take a moment to count). */
    public static ChatClient awaitWelcomed(Connector connector) throws DeploymentException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            ChatClient client = connector.connect();
            Optional<CloseReason> refused = client.welcomedOrClosed();
            if (refused.isEmpty()) {
                return client;
            }
            if (System.nanoTime() > deadline) {
                return fail("still refused after " + TIMEOUT + ": " + refused.get());
            }
        }
    }

    @FunctionalInterface
    public interface Connector {
        ChatClient connect() throws DeploymentException;
    }

    /** The close the server sent; fails if the connection is still open after the timeout. */
    public CloseReason awaitClose() {
        return awaitClose(TIMEOUT);
    }

    public CloseReason awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("still open after " + timeout);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Asserts that the server closed with {@code code} and {@code reason}. */
    public void assertClosed(int code, String reason) {
        CloseReason close = awaitClose();
        assertEquals(code, close.getCloseCode().getCode(), "close code, reason: " + close.getReasonPhrase());
        assertEquals(reason, close.getReasonPhrase());
    }

    /** When the close arrived, in {@link System#nanoTime}'s terms; call after {@link #awaitClose}. */
    public long closedAt() {
        return closedAt;
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() {
        try {
            if (session.isOpen()) {
                session.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonObject parse(String frame) {
        try (var reader = Json.createReader(new StringReader(frame))) {
            return reader.readObject();
        }
    }

    private static ClientManager sharedClientManager() {
        ClientManager manager = new LastingClientManager();
        manager.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        // Tyrus stops a shared transport that has had no connection for 30 s, and a connection
        // opened as it stops fails (RejectedExecutionException, then "Handshake response not
        // received"). The transport's threads are daemons; let it live as long as the test JVM.
        manager.getProperties().put(ClientProperties.SHARED_CONTAINER_IDLE_TIMEOUT, 24 * 60 * 60);
        manager.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, (int) TIMEOUT.toMillis());
        manager.setDefaultMaxTextMessageBufferSize(1 << 20);
        return manager;
    }

    /**
     * Tyrus' client, keeping its thread pools as long as the test JVM runs. Tyrus shuts them down
     * whenever its last connection closes, without a lock against a connection opening at that
     * moment, which then gets a pool being shut down (tyrus#640): a RejectedExecutionException,
     * and ten seconds later "Handshake response not received". Tests that connect again as soon
     * as the server has closed their only client met it. The pools' threads are daemons.
     */
    private static final class LastingClientManager extends ClientManager {

        @Override
        protected void shutdown(ShutDownCondition lastConnectionClosed) {
            // kept: see above
        }
    }
}

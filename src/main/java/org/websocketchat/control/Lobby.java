package org.websocketchat.control;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.RoomList;
import org.websocketchat.wire.Wire;

/**
 * Admits connections (names, rooms, the connection cap), keeps the set of open ones for the
 * heartbeat and for shutdown, and forgets them when they close. Thread-safe.
 */
public final class Lobby {

    private static final Logger LOG = System.getLogger(Lobby.class.getName());
    /** A draining shutdown closes a batch at most this often. */
    private static final Duration DRAIN_STEP = Duration.ofMillis(100);

    private final RoomRegistry rooms;
    private final Limits limits;
    private final Guests guests;
    private final Access access;
    private final Executor io;
    private final LongSupplier nanoTime;
    private final RandomGenerator random;
    private final RandomGenerator pingTokens;
    private final Telemetry telemetry;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    /** Admitted and not yet closed; counted apart from {@code open} so the cap check is atomic. */
    private final AtomicInteger admitted = new AtomicInteger();
    private volatile boolean shuttingDown;

    /**
     * {@code random} picks guest names; {@code pingTokens} the heartbeat's ping payloads, which a
     * client that does not read must not be able to predict (see {@link Connection}).
     */
    public Lobby(RoomRegistry rooms, Limits limits, Guests guests, Access access, Executor io, LongSupplier nanoTime,
            RandomGenerator random, RandomGenerator pingTokens) {
        this(rooms, limits, guests, access, io, nanoTime, random, pingTokens, Telemetry.NONE);
    }

    /** As above; {@code telemetry} hears what happens to every connection. */
    public Lobby(RoomRegistry rooms, Limits limits, Guests guests, Access access, Executor io, LongSupplier nanoTime,
            RandomGenerator random, RandomGenerator pingTokens, Telemetry telemetry) {
        this.telemetry = telemetry;
        this.rooms = rooms;
        this.guests = guests;
        this.access = access;
        this.limits = limits;
        this.io = io;
        this.nanoTime = nanoTime;
        this.random = random;
        this.pingTokens = pingTokens;
    }

    /**
     * Lets the client in and joins it to its room, or closes it with the reason it may not come
     * in: a bad name or room, a guest where guests are denied, a restricted room without its role,
     * a full server, or a server shutting down.
     */
    public Optional<Connection> admit(Handshake handshake, Peer peer, Wire wire) {
        boolean verified = handshake.principal() != null;
        Identity identity = new Identity(verified, handshake.roles(), verified || guests != Guests.READ_ONLY,
                handshake.roles().contains(access.moderatorRole()));
        Optional<String> refusal = refusal(handshake, identity);
        if (refusal.isPresent()) {
            refuse(peer, CloseCodes.POLICY_VIOLATION, refusal.get());
            return Optional.empty();
        }
        if (shuttingDown) {
            refuse(peer, CloseCodes.GOING_AWAY, "server shutting down");
            return Optional.empty();
        }
        if (admitted.incrementAndGet() > limits.maxConnections()) {
            admitted.decrementAndGet();
            refuse(peer, CloseCodes.TRY_AGAIN_LATER, "server full, try again later");
            return Optional.empty();
        }
        Connection connection = new Connection(peer, wire, limits, io, nanoTime, pingTokens, identity, doors, telemetry);
        open.add(connection);
        Room room = rooms.room(roomName(handshake));
        connection.join(room, wantedName(handshake), EventId.parse(handshake.since()));
        rooms.mail().signedIn().opened(connection);
        return Optional.of(connection);
    }

    /** The rooms in use a connection may join later, and the way in: restricted rooms only for their role. */
    private final Doors doors = new Doors() {

        @Override
        public void rooms(Identity asker, Consumer<RoomList> answer) {
            rooms.directory(inUse -> answer.accept(new RoomList(inUse.stream()
                    .filter(entry -> access.restricted().refusal(entry.room(), asker).isEmpty()).toList())));
        }

        @Override
        public Mail mail() {
            return rooms.mail();
        }

        @Override
        public Entry enter(String room, Identity asker) {
            return access.restricted().refusal(room, asker).<Entry>map(Shut::new).orElseGet(() -> new Open(rooms.room(room)));
        }
    };

    /** The container reports a connection closed with {@code code}, admitted or not. */
    public void closed(Optional<Connection> connection, int code) {
        telemetry.closed(code);
        connection.ifPresent(this::closed);
    }

    /** The container reports the connection closed. */
    public void closed(Connection connection) {
        try {
            connection.closed();
        } finally {
            // Forgotten even if leaving its rooms failed: a connection kept here would count, and
            // be pinged, for ever.
            if (open.remove(connection)) {
                rooms.mail().signedIn().closed(connection);
                admitted.decrementAndGet();
            }
        }
    }

    /**
     * Ends the connections that have stopped answering pings, pings the others if
     * {@code pingDue}, and forgets those whose close the peer never reported (see
     * {@link Connection#heartbeat}).
     */
    public void heartbeat(boolean pingDue) {
        for (Connection connection : open) {
            if (connection.heartbeat(pingDue)) {
                closed(connection);
            }
        }
    }

    /**
     * Sends each crowded room's members its joins and leaves since the last tick, as one update
     * per room; called every {@link CrowdRule#UPDATE_INTERVAL}.
     */
    public void presenceTick() {
        rooms.presenceTick();
    }

    public int openConnections() {
        return admitted.get();
    }

    /** Bytes waiting in the outboxes: in all together, and in the fullest one. */
    public record Queued(long bytes, long largest) {
    }

    public Queued queued() {
        long bytes = 0;
        long largest = 0;
        for (Connection connection : open) {
            long queued = connection.queuedBytes();
            bytes += queued;
            largest = Math.max(largest, queued);
        }
        return new Queued(bytes, largest);
    }

    /**
     * How many of this node's connections are in each room that has any: for the metrics, which
     * count them without names, and the moderators' dashboard. Walks every connection.
     */
    public Map<String, Integer> roomSizes() {
        Map<String, Integer> sizes = new HashMap<>();
        for (Connection connection : open) {
            connection.roomNames().forEach(room -> sizes.merge(room, 1, Integer::sum));
        }
        return sizes;
    }

    /**
     * Why this node should get no new clients now, if it should not: it is shutting down, or the
     * relay that orders its rooms' events or the store that keeps them is out of reach. Empty
     * when it is ready.
     */
    public Optional<String> notReady() {
        if (shuttingDown) {
            return Optional.of("shutting down");
        }
        return rooms.unreachable();
    }

    /** Rooms in use since start-up (rooms are kept, with their history, while the server runs). */
    public int rooms() {
        return rooms.size();
    }

    /**
     * Turns new clients away from now on (so {@link #notReady} says so), then closes every
     * connection with 1001 in even batches spread over {@code drain}, each batch at its time, so
     * that the clients reconnecting to other nodes arrive spread over it too; those not yet closed
     * chat on meanwhile. Then silences the rooms and waits up to {@code wait} for the close frames.
     * Only the first call does anything.
     */
    public synchronized void shutdown(Duration drain, Duration wait) {
        if (shuttingDown) {
            return; // drained already: what is still closing was given its time then
        }
        shuttingDown = true;
        List<Connection> leaving = List.copyOf(open);
        int batches = (int) Math.max(1, Math.min(leaving.size(), drain.toMillis() / DRAIN_STEP.toMillis()));
        // Real time, not the injected clock: the batches are paced by parking the thread.
        long started = System.nanoTime();
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (int batch = 0; batch < batches; batch++) {
            long due = started + drain.toNanos() * batch / batches;
            long early = due - System.nanoTime();
            if (early > 0 && !Thread.currentThread().isInterrupted()) {
                // Pacing, not waiting for anything: an interrupt closes the rest at once.
                LockSupport.parkNanos(early);
            }
            for (Connection connection : leaving.subList(leaving.size() * batch / batches, leaving.size() * (batch + 1) / batches)) {
                closing.add(connection.end(CloseCodes.GOING_AWAY, "server shutting down"));
            }
        }
        rooms.close();
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "Shutdown: {0} of {1} connections did not close within {2} ms",
                    closing.stream().filter(f -> !f.isDone()).count(), closing.size(), wait.toMillis());
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "Shutdown: a connection failed to close", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<String> refusal(Handshake handshake, Identity identity) {
        if (handshake.room() != null && DisplayNames.room(handshake.room()).isEmpty()) {
            return Optional.of("invalid room: use 1-32 of a-z 0-9 _ -");
        }
        if (handshake.principal() != null && handshake.principal().codePoints().anyMatch(Character::isISOControl)) {
            // Names travel in tab- and line-separated records (chat.lua) and in plain-mode lines.
            return Optional.of("your user name holds control characters and cannot be shown");
        }
        if (handshake.principal() == null && handshake.name() != null && DisplayNames.member(handshake.name()).isEmpty()) {
            return Optional.of("invalid name: use 1-32 letters, digits, spaces or . _ -");
        }
        if (handshake.principal() == null && guests == Guests.DENY) {
            return Optional.of("sign in first: guests may not connect here");
        }
        return access.restricted().refusal(roomName(handshake), identity);
    }

    /** The room asked for, or the default one; valid once {@link #refusal} found nothing. */
    private static String roomName(Handshake handshake) {
        return DisplayNames.room(orDefault(handshake.room(), DisplayNames.DEFAULT_ROOM)).orElseThrow();
    }

    private String wantedName(Handshake handshake) {
        if (handshake.principal() != null) {
            return handshake.principal();
        }
        if (handshake.name() != null) {
            return DisplayNames.member(handshake.name()).orElseThrow();
        }
        return DisplayNames.guest(random);
    }

    /**
     * Turns away a client before it is admitted, for a reason found at the boundary (an origin
     * refused too late for the handshake to answer 403). Closes on {@code io}, like every close.
     */
    public void refuse(Peer peer, CloseCodes code, String reason) {
        io.execute(() -> peer.close(code, reason));
    }

    private static String orDefault(String value, String fallback) {
        return value != null ? value : fallback;
    }
}

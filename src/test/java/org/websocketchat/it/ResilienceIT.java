package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Abuse and failure under load, on every container: a reader that stops, a flood, thousands of
 * connections that vanish, clients that keep reconnecting, an undeploy in the middle of a chat.
 * The pom's test settings apply: a 2 s heartbeat with an 8 s timeout, outboxes of 2 MiB, a rate
 * of 1 message a second with a burst of 250 and a close after 50 refusals in a row, a history of
 * 20 messages.
 */
class ResilienceIT extends DeployedChat {

    private static final String UNDER_LOAD = "underload";
    /** The 8 s timeout, plus the quarter of the 2 s interval between two checks. */
    private static final Duration HEARTBEAT_WINDOW = Duration.ofMillis(8_000 + 2_000 / 4);
    private static final long OUTBOX_MAX_BYTES = 2 * 1024 * 1024;

    @Deployment(name = UNDER_LOAD, managed = false, testable = false)
    static WebArchive underLoad() {
        return Deployments.builtWarNamed(UNDER_LOAD);
    }

    @ArquillianResource
    Deployer deployer;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    /** Paces the senders; a send may wait for a full socket, so there are a few. */
    private final ScheduledExecutorService pacer = Executors.newScheduledThreadPool(8);
    private String room;

    @BeforeEach
    void freshRoom() {
        room = Endpoints.freshRoom();
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        pacer.shutdownNow();
        threads.shutdownNow();
        assertTrue(pacer.awaitTermination(30, TimeUnit.SECONDS), "every pacing thread ended");
        assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS), "every helper thread ended");
    }

    /**
     * 50 chatters post 4 KB messages, 2 a second each (20 MB/s fanned out to 51 members, well
     * inside what the slowest container serves on 2 cores shared with these clients; 2.5 times as
     * much overflowed readers' outboxes on a freshly deployed GlassFish), while the sloth reads
     * nothing (it keeps itself heard with unsolicited pongs, so it is slow, not dead). It is closed 1008 within
     * 10 s; every chatter gets every message, each sender's in order; no connection's outbox ever
     * holds more than its limit (plus the one frame that tips it over), and once the sloth is
     * gone and the chat is over, nothing is left queued.
     */
    @Test
    void aReaderThatStopsAmongFiftyChattersIsClosed1008AndNobodyMissesAMessage() throws Exception {
        int chatters = 50;
        int messages = 30;
        String padding = "\uD83D\uDE00".repeat(1000);
        List<Chatter> all = new ArrayList<>();
        double evictionsBefore = SlowConsumers.evictions(base);
        try (RawClient sloth = RawClient.connect(Endpoints.chat(base, "name", "sloth", "room", room), null, "chat.v1", 4096)) {
            assertEquals(101, sloth.status());
            // Heard from the start, so it is closed as slow, not as dead, however long the joins take.
            CountDownLatch slothClosed = new CountDownLatch(1);
            Future<?> slothHeard = threads.submit(() -> SlowConsumers.keepHeardUntil(slothClosed, sloth));
            joinChatters(all, "c", chatters);
            AtomicLong maxQueued = new AtomicLong();
            Future<?> sampler = threads.submit(() -> sampleLargestQueueUntil(slothClosed, maxQueued));
            long start = System.nanoTime();
            List<Future<?>> sending = startChatting(all, messages, Duration.ofMillis(500), padding);
            // The sloth's close frame waits behind a full socket: it starts reading once the
            // room has announced its departure, as the last of its pongs stops. A pong that
            // reaches the server after it closed the socket may reset it (see SlowConsumers).
            all.get(0).awaitLeft("sloth", Duration.ofSeconds(30));
            long evictedMillis = (System.nanoTime() - start) / 1_000_000;
            slothClosed.countDown();
            slothHeard.get(10, TimeUnit.SECONDS);
            SlowConsumers.assertClosedAsSlow(sloth, base, evictionsBefore);
            System.out.printf("slow reader among %d chatters closed after %d ms; largest queue %d bytes%n", chatters,
                    evictedMillis, maxQueued.get());
            assertTrue(evictedMillis <= 10_000, "closed within 10 s, took " + evictedMillis + " ms");
            awaitEach(sending, Duration.ofSeconds(60));
            awaitEveryoneHeardInOrder(all, chatters * messages, Duration.ofSeconds(60));
            sampler.get(10, TimeUnit.SECONDS);
            assertTrue(maxQueued.get() <= OUTBOX_MAX_BYTES + 8 * 1024, "largest queue " + maxQueued.get() + " bytes");
            ServerStatus drained = ServerStatus.await(base, Duration.ofSeconds(30), status -> status.queuedBytes() == 0);
            assertEquals(0, drained.queuedBytes());
        } finally {
            for (Chatter chatter : all) {
                chatter.close();
            }
        }
    }

    /**
     * One client tries to post 20,000 messages as fast as it can write. The bucket lets the
     * first 250 through, refuses the rest with {@code rate_limited}, and after 50 refusals in a
     * row closes it 1008. Meanwhile five others chat, and each gets every one of their messages.
     */
    @Test
    void aFloodOfTwentyThousandMessagesIsRateLimitedAndClosed1008WhileOthersChat() throws Exception {
        List<Chatter> bystanders = new ArrayList<>();
        try {
            joinChatters(bystanders, "b", 5);
            try (RawClient flood = RawClient.connect(Endpoints.chat(base, "name", "flood", "room", room), null, "chat.v1", 0)) {
                AtomicLong refusals = new AtomicLong();
                AtomicLong accepted = new AtomicLong();
                Future<RawClient.Close> floodEnd = threads.submit(() -> readUntilClosed(flood, refusals, accepted));
                List<Future<?>> chatting = startChatting(bystanders, 20, Duration.ofMillis(100), "still here");
                int sent = floodUntilClosed(flood, 20_000);
                assertEquals(new RawClient.Close(1008, "rate limit exceeded"), floodEnd.get(30, TimeUnit.SECONDS));
                System.out.printf("flood: %d messages written, %d let through, %d refused before the close%n", sent,
                        accepted.get(), refusals.get());
                // The 50th refusal in a row is answered with the close, the ones before with an error.
                assertTrue(refusals.get() >= 49, "refused at least 49 times before the close, was " + refusals.get());
                assertTrue(accepted.get() >= 250 && accepted.get() <= 250 + 60, "the burst and the refill, was " + accepted.get());
                awaitEach(chatting, Duration.ofSeconds(60));
                awaitEveryoneHeardInOrder(bystanders, 5 * 20, Duration.ofSeconds(30));
                for (Chatter bystander : bystanders) {
                    // The room announces the flood's leave after every message of its that it took.
                    bystander.awaitLeft("flood", Duration.ofSeconds(30));
                    assertEquals(accepted.get(), bystander.floodSeen(), "every flood message let through reached " + bystander.name);
                }
            }
        } finally {
            for (Chatter bystander : bystanders) {
                bystander.close();
            }
        }
    }

    /**
     * 5,000 clients in 100 rooms vanish without a close frame: 4,000 with a TCP reset, as when a
     * process dies, and 1,000 silently, as behind a dead network, which only the heartbeat can
     * find. Within the heartbeat window the server has forgotten them all: its open-connection
     * count is back to zero, and a newcomer in each room finds it empty.
     */
    @Test
    void fiveThousandConnectionsDroppedWithoutACloseFrameAreForgottenWithinTheHeartbeatWindow() throws Exception {
        int rooms = 100;
        int perRoom = 50;
        String prefix = room + "-";
        // Every earlier test's clients are gone: this deployment has none open.
        ServerStatus.await(base, Duration.ofSeconds(30), status -> status.connections() == 0);
        ExecutorService connectors = Executors.newFixedThreadPool(16);
        List<RawClient> clients = Collections.synchronizedList(new ArrayList<>());
        try {
            List<RawClient> vanishing = openWelcomed(rooms * perRoom,
                    i -> Endpoints.chat(base, "name", "v" + i, "room", prefix + i % rooms), connectors, clients);
            // Each was admitted (its welcome came). No count here: where opening 5,000 takes longer
            // than the heartbeat timeout, the first silent ones are rightly reaped already.
            long start = System.nanoTime();
            for (RawClient client : vanishing.subList(0, 4_000)) {
                client.drop();
            }
            ServerStatus after = ServerStatus.await(base, HEARTBEAT_WINDOW.plusSeconds(10),
                    status -> status.connections() == 0);
            System.out.printf("5000 dropped connections forgotten after %d ms%n", (System.nanoTime() - start) / 1_000_000);
            assertEquals(0, after.connections());
            for (int r = 0; r < rooms; r++) {
                assertEmpty(prefix + r);
            }
        } finally {
            connectors.shutdownNow();
            assertTrue(connectors.awaitTermination(30, TimeUnit.SECONDS));
            for (RawClient client : List.copyOf(clients)) {
                client.close();
            }
        }
    }

    /**
     * Ten senders post 8 messages each, one every 2 s, while 100 readers each leave and come
     * back up to three times at random moments, resuming with {@code since} = the last id they saw.
     * Every reader ends with exactly the observer's 80 messages, once each, in the observer's
     * order, and every resume is reported as complete. The pace leaves the history of 20
     * messages 4 s of chat, so a reader held up by a busy machine still finds its last id kept.
     */
    @Test
    void readersReconnectingAtRandomWithSinceGetEveryMessageOnceInOrder() throws Exception {
        int senders = 10;
        int perSender = 8;
        int total = senders * perSender;
        List<ChatClient> talking = new ArrayList<>();
        try (ChatClient observer = welcomed(base, "observer", room)) {
            for (int s = 0; s < senders; s++) {
                talking.add(welcomed(base, "s" + s, room));
            }
            List<Future<List<String>>> readers = new ArrayList<>();
            CountDownLatch readersIn = new CountDownLatch(100);
            for (int r = 0; r < 100; r++) {
                String name = "r" + r;
                readers.add(threads.submit(() -> reconnectingReader(name, total, readersIn)));
            }
            assertTrue(readersIn.await(60, TimeUnit.SECONDS), "every reader joined");
            List<Future<?>> sending = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                ChatClient sender = talking.get(s);
                int id = s;
                sending.add(Paced.steps(pacer, Duration.ofMillis(200L * id), Duration.ofSeconds(2), perSender,
                        k -> sender.say("s" + id + "-" + k)));
            }
            List<String> expected = nextMessageTexts(observer, total);
            awaitEach(sending, Duration.ofSeconds(60));
            for (Future<List<String>> reader : readers) {
                assertEquals(expected, reader.get(60, TimeUnit.SECONDS));
            }
        } finally {
            talking.forEach(ChatClient::close);
        }
    }

    /** Reads until {@code total} messages; up to three times, at random, leaves and resumes with since. */
    private List<String> reconnectingReader(String name, int total, CountDownLatch joined) throws Exception {
        List<String> texts = new ArrayList<>();
        ChatClient client = ChatClient.json(Endpoints.chat(base, "name", name, "room", room));
        try {
            client.nextJson("welcome");
            joined.countDown();
            String lastId = null;
            int reconnects = 0;
            while (texts.size() < total) {
                JsonObject message = client.nextJson("message");
                texts.add(message.getString("text"));
                lastId = message.getString("id");
                if (reconnects < 3 && texts.size() < total && ThreadLocalRandom.current().nextInt(20) == 0) {
                    client.close();
                    client = ChatClient.json(Endpoints.chat(base, "name", name, "room", room, "since", lastId));
                    assertTrue(client.nextJson("welcome").getBoolean("resumed"), name + " resumed after " + lastId);
                    reconnects++;
                }
            }
            return texts;
        } finally {
            client.close();
        }
    }

    /**
     * 60 clients in three rooms, ten of them posting every 20 ms, when the application is
     * undeployed: every one of them gets 1001.
     */
    @Test
    void undeployUnderLoadGivesEveryClient1001() throws Exception {
        deployer.deploy(UNDER_LOAD);
        URL undeployed = new URL(base, "/" + UNDER_LOAD + "/");
        List<ChatClient> clients = new ArrayList<>();
        CountDownLatch stop = new CountDownLatch(1);
        try {
            for (int i = 0; i < 60; i++) {
                clients.add(welcomed(undeployed, "u" + i, "load" + i % 3));
            }
            List<Future<?>> senders = new ArrayList<>();
            for (ChatClient sender : clients.subList(0, 10)) {
                senders.add(threads.submit(() -> sayEvery20MsUntilClosed(sender, stop)));
            }
            // The load has reached the rooms (the last two clients are in two of them).
            clients.get(59).nextJson("message");
            clients.get(58).nextJson("message");
            deployer.undeploy(UNDER_LOAD);
            for (ChatClient client : clients) {
                assertEquals(1001, client.awaitClose(Duration.ofSeconds(30)).getCloseCode().getCode());
            }
            stop.countDown();
            awaitEach(senders, Duration.ofSeconds(30));
        } finally {
            stop.countDown();
            clients.forEach(ChatClient::close);
        }
    }

    /** Says "busy K" every 20 ms, 200 times at most, until {@code stop} or the undeploy closes it. */
    private static Void sayEvery20MsUntilClosed(ChatClient sender, CountDownLatch stop) throws InterruptedException {
        for (int k = 0; k < 200 && sender.isOpen() && !stop.await(20, TimeUnit.MILLISECONDS); k++) {
            try {
                sender.say("busy " + k);
            } catch (UncheckedIOException | IllegalStateException closedByTheUndeploy) {
                return null;
            }
        }
        return null;
    }

    /** A JSON client of {@code room} at {@code at}, past its welcome; closed again if that fails. */
    private static ChatClient welcomed(URL at, String name, String room) throws Exception {
        ChatClient client = ChatClient.json(Endpoints.chat(at, "name", name, "room", room));
        try {
            client.nextJson("welcome");
            return client;
        } catch (AssertionError | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** {@code count} chatters named PREFIX0, PREFIX1, … in the test's room, each added to {@code into} once it is in. */
    private void joinChatters(List<Chatter> into, String prefix, int count) throws IOException {
        for (int c = 0; c < count; c++) {
            into.add(Chatter.join(base, room, prefix + c, threads));
        }
    }

    /**
     * Every chatter says "0 TEXT", "1 TEXT", … {@code count} times, one every {@code period},
     * starting at once; a future per chatter, done after its last message.
     */
    private List<Future<?>> startChatting(List<Chatter> chatters, int count, Duration period, String text) {
        List<Future<?>> chatting = new ArrayList<>();
        for (Chatter chatter : chatters) {
            chatting.add(Paced.steps(pacer, Duration.ZERO, period, count, seq -> chatter.say(seq + " " + text)));
        }
        return chatting;
    }

    /** Each chatter has got exactly {@code count} messages, each sender's in the order sent. */
    private static void awaitEveryoneHeardInOrder(List<Chatter> chatters, long count, Duration timeout)
            throws InterruptedException {
        for (Chatter chatter : chatters) {
            chatter.awaitMessages(count, timeout);
            assertEquals(List.of(), chatter.outOfOrder(), chatter.name + " got each sender's messages in order");
        }
    }

    /** Waits for each future in turn, up to {@code timeout} each, and fails with the first failure. */
    private static void awaitEach(List<? extends Future<?>> futures, Duration timeout) throws Exception {
        for (Future<?> future : futures) {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Asks the server for its largest outbox every 100 ms until {@code done}, keeping the maximum. */
    private Void sampleLargestQueueUntil(CountDownLatch done, AtomicLong max) throws InterruptedException {
        do {
            max.accumulateAndGet(ServerStatus.of(base).largestQueueBytes(), Math::max);
        } while (!done.await(100, TimeUnit.MILLISECONDS));
        return null;
    }

    /**
     * Writes up to {@code count} messages as fast as the socket takes them; returns how many were
     * written before the server closed the connection.
     */
    private static int floodUntilClosed(RawClient flood, int count) {
        int sent = 0;
        try {
            for (; sent < count; sent++) {
                flood.sendText("{\"type\":\"say\",\"text\":\"flood " + sent + "\"}");
            }
        } catch (IOException closedByTheServer) {
            // the server closed the flood mid-way, as it should
        }
        return sent;
    }

    /**
     * Opens {@code count} raw clients to {@code uri(i)} on the connectors, each upgraded and
     * past its welcome, and returns them in order; every client opened is also added to
     * {@code opened}, so that the test closes it whatever happens.
     */
    private static List<RawClient> openWelcomed(int count, IntFunction<URI> uri, ExecutorService connectors,
            List<RawClient> opened) throws Exception {
        List<Future<RawClient>> opening = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            URI at = uri.apply(i);
            opening.add(connectors.submit(() -> {
                RawClient client = RawClient.connect(at, null, "chat.v1", 0);
                opened.add(client);
                assertEquals(101, client.status());
                assertEquals("welcome", ChatClient.parse(client.nextText().text()).getString("type"));
                return client;
            }));
        }
        List<RawClient> clients = new ArrayList<>();
        for (Future<RawClient> client : opening) {
            clients.add(client.get(120, TimeUnit.SECONDS));
        }
        return clients;
    }

    /** A newcomer to {@code room} finds no one else there. */
    private void assertEmpty(String room) throws Exception {
        try (ChatClient newcomer = ChatClient.json(Endpoints.chat(base, "name", "newcomer", "room", room))) {
            JsonObject welcome = newcomer.nextJson("welcome");
            assertEquals(List.of("newcomer"), welcome.getJsonArray("members").getValuesAs(JsonString::getString),
                    "room " + room + " is empty again");
        }
    }

    /** The texts of the next {@code count} messages, skipping other frames. */
    private static List<String> nextMessageTexts(ChatClient client, int count) {
        List<String> texts = new ArrayList<>();
        while (texts.size() < count) {
            texts.add(client.nextJson("message").getString("text"));
        }
        return texts;
    }

    /**
     * Reads the flood's frames (so it is never a slow consumer) until the close; counts refusals
     * and its own messages coming back, which are the ones the room took.
     */
    private static RawClient.Close readUntilClosed(RawClient client, AtomicLong refusals, AtomicLong accepted)
            throws IOException {
        return client.readUntilClose(frame -> {
            if (frame.text().contains("\"code\":\"rate_limited\"")) {
                refusals.incrementAndGet();
            } else if (frame.text().contains("\"text\":\"flood ")) {
                accepted.incrementAndGet();
            }
        });
    }

    /**
     * A member that reads every frame at once on its own thread (answering pings), and checks
     * that each sender's messages, {@code "SEQ …"}, arrive in order.
     */
    private static final class Chatter implements AutoCloseable {

        private final String name;
        private final RawClient client;
        private final Map<String, Integer> lastSeq = new ConcurrentHashMap<>();
        private final List<String> outOfOrder = Collections.synchronizedList(new ArrayList<>());
        private final List<String> left = Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong messages = new AtomicLong();
        private final AtomicLong flood = new AtomicLong();

        private Chatter(String name, RawClient client) {
            this.name = name;
            this.client = client;
        }

        static Chatter join(URL base, String room, String name, ExecutorService threads) throws IOException {
            RawClient client = RawClient.connect(Endpoints.chat(base, "name", name, "room", room), null, "chat.v1", 0);
            assertEquals(101, client.status());
            assertEquals("welcome", ChatClient.parse(client.nextText().text()).getString("type"));
            Chatter chatter = new Chatter(name, client);
            threads.submit(chatter::readAll);
            return chatter;
        }

        void say(String text) throws IOException {
            client.sendText("{\"type\":\"say\",\"text\":\"" + text + "\"}");
        }

        private Void readAll() {
            try {
                client.readUntilClose(this::record);
            } catch (IOException closedByTheTest) {
                // the test closed this chatter: nothing more to read
            }
            return null;
        }

        /**
         * Messages are read from their ASCII head only ({@code {"type":"message","id":…,"room":…,
         * "from":"c7","text":"12 …}): decoding and parsing kilobytes of emoji for each of 250
         * frames a second on 50 threads would make the chatters themselves slow readers on a
         * busy machine.
         */
        private void record(RawClient.Frame frame) {
            byte[] payload = frame.payload();
            String head = new String(payload, 0, Math.min(payload.length, 200), StandardCharsets.US_ASCII);
            if (!head.startsWith("{\"type\":\"message\"")) {
                JsonObject event = ChatClient.parse(frame.text());
                if (event.getString("type").equals("left")) {
                    synchronized (left) {
                        left.add(event.getString("name"));
                        left.notifyAll();
                    }
                }
                return;
            }
            int fromAt = head.indexOf("\"from\":\"") + "\"from\":\"".length();
            String from = head.substring(fromAt, head.indexOf('"', fromAt));
            int textAt = head.indexOf("\"text\":\"", fromAt) + "\"text\":\"".length();
            String first = head.substring(textAt, head.indexOf(' ', textAt));
            if (first.equals("flood")) {
                flood.incrementAndGet();
                return;
            }
            int seq = Integer.parseInt(first);
            Integer previous = lastSeq.put(from, seq);
            if (seq != (previous == null ? 0 : previous + 1)) {
                outOfOrder.add(from + " " + previous + " -> " + seq);
            }
            synchronized (messages) {
                messages.incrementAndGet();
                messages.notifyAll();
            }
        }

        void awaitMessages(long count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (messages) {
                while (messages.get() < count) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError(name + " got " + messages.get() + " of " + count + " messages");
                    }
                    TimeUnit.NANOSECONDS.timedWait(messages, left);
                }
            }
            assertEquals(count, messages.get(), name + " got no message twice");
        }

        void awaitLeft(String who, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (left) {
                while (!left.contains(who)) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        throw new AssertionError(name + " never saw " + who + " leave");
                    }
                    TimeUnit.NANOSECONDS.timedWait(left, remaining);
                }
            }
        }

        List<String> outOfOrder() {
            return List.copyOf(outOfOrder);
        }

        long floodSeen() {
            return flood.get();
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }
}

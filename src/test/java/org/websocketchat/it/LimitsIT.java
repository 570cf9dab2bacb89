package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every row of the limits table: the exact error frame or close code, and afterwards another
 * client of the same room still chatting. Limits are those the pom sets for the tests.
 */
class LimitsIT extends DeployedChat {

    /** A say of 2,000 emoji: 8 KB of UTF-8. */
    private static final String HEAVY = "{\"type\":\"say\",\"text\":\"" + "\uD83D\uDE00".repeat(2000) + "\"}";

    private String room;
    private ChatClient observer;
    private ChatClient speaker;

    @BeforeEach
    void twoBystanders() throws Exception {
        room = Endpoints.freshRoom();
        observer = ChatClient.json(Endpoints.chat(base, "name", "observer", "room", room));
        observer.nextJson("welcome");
        speaker = ChatClient.json(Endpoints.chat(base, "name", "speaker", "room", room));
        speaker.nextJson("welcome");
        observer.nextJson("joined");
    }

    @AfterEach
    void closeBystanders() {
        observer.close();
        speaker.close();
    }

    @Test
    void aFrameOverTheSizeLimitIsClosed1009() throws Exception {
        try (ServerLog log = ServerLog.start()) {
            try (ChatClient big = joined("big")) {
                big.send("x".repeat(16 * 1024 + 1));
                assertEquals(1009, big.awaitClose().getCloseCode().getCode());
            }
            assertLeft("big");
            assertNoWarningLogged(log);
        }
        assertOthersStillChat();
    }

    /**
     * The endpoint takes messages in parts (the container's buffer is 256 chars): a message sent
     * in fragments, longer than that buffer, with multi-byte characters, arrives whole; fragments
     * that together pass 16 KiB are closed 1009 without waiting for the last one.
     */
    @Test
    void aMessageInFragmentsArrivesWholeAndTheLimitCountsAllOfThem() throws Exception {
        String text = "\u00E9".repeat(1500) + "\uD83D\uDE00".repeat(400);
        String say = Json.createObjectBuilder().add("type", "say").add("text", text).build().toString();
        try (ChatClient fragments = joined("fragments")) {
            fragments.sendInParts(say.substring(0, 10), say.substring(10, 1500), say.substring(1500));
            assertEquals(text, observer.nextJson("message").getString("text"));
            assertEquals(text, fragments.nextJson("message").getString("text"));
            fragments.sendInParts("x".repeat(6000), "x".repeat(6000), "x".repeat(6000));
            assertEquals(1009, fragments.awaitClose().getCloseCode().getCode());
        }
        assertLeft("fragments");
        assertOthersStillChat();
    }

    @Test
    void textOverTheLengthLimitIsAnErrorAndTheConnectionStays() throws Exception {
        try (ChatClient wordy = joined("wordy")) {
            wordy.say("y".repeat(2001));
            assertEquals(ChatClient.parse("{\"type\":\"error\",\"code\":\"too_long\",\"message\":\"message too long (max 2000 characters)\"}"),
                    wordy.nextJson());
            wordy.say("z".repeat(2000));
            assertEquals("z".repeat(2000), wordy.nextJson("message").getString("text"), "exactly at the limit is fine");
            assertEquals("z".repeat(2000), observer.nextJson("message").getString("text"), "the long one never reached anyone");
        }
        assertLeft("wordy");
        assertOthersStillChat();
    }

    @Test
    void invalidJsonAndUnknownTypesAreBadRequestsAndTheConnectionStays() throws Exception {
        try (ChatClient sloppy = joined("sloppy")) {
            List<String[]> cases = List.of(
                    new String[] {"not json", "invalid JSON"},
                    new String[] {"{\"type\":\"say\",\"text\":", "invalid JSON"},
                    new String[] {"[1,2]", "expected a JSON object with a \\\"type\\\""},
                    new String[] {"{\"text\":\"hi\"}", "missing \\\"type\\\""},
                    new String[] {"{\"type\":\"dance\"}", "unknown type \\\"dance\\\""},
                    new String[] {"{\"type\":\"say\",\"text\":42}", "\\\"say\\\" needs a string \\\"text\\\""},
                    new String[] {"{\"type\":\"say\",\"text\":\"   \"}", "empty message"});
            for (String[] c : cases) {
                sloppy.send(c[0]);
                assertEquals(ChatClient.parse("{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"" + c[1] + "\"}"),
                        sloppy.nextJson(), "for " + c[0]);
            }
            sloppy.say("still here");
            assertEquals("still here", observer.nextJson("message").getString("text"));
        }
        assertLeft("sloppy");
        assertOthersStillChat();
    }

    /**
     * The flood waits for each reply before it sends again. A client that writes on blindly
     * keeps writing after the server's close; the server then shuts a socket it has not read
     * to the end, the reset makes the client's kernel drop the close frame still unread, and
     * the client sees 1006 instead of the close the server sent.
     */
    @Test
    void aFloodIsRateLimitedThenClosed1008() throws Exception {
        Flood flood;
        try (ChatClient flooder = joined("flood")) {
            flood = floodInLockstepUntilClosed(flooder);
            flooder.assertClosed(1008, "rate limit exceeded");
        }
        System.out.printf("lockstep flood: %d let through, then %d refused before the close%n", flood.accepted(),
                flood.refusedInARow());
        assertTrue(flood.accepted() >= 250, "the burst of 250 is taken, and refills on top; accepted " + flood.accepted());
        assertEquals(49, flood.refusedInARow(), "the 50th refusal in a row closes instead of answering");
        assertLeft("flood");
        assertOthersStillChat();
    }

    /** What a flood came to: the messages the room took, and the refusals in a row before the close. */
    private record Flood(int accepted, int refusedInARow) {
    }

    /**
     * Says "spam 0", "spam 1", … one at a time, each once the reply to the one before has come,
     * until the server closes. Each reply must be the message itself, taken by the room, or the
     * {@code rate_limited} error; fails if the client is still open after {@link ChatClient#TIMEOUT}.
     */
    private static Flood floodInLockstepUntilClosed(ChatClient flooder) {
        JsonObject rateLimited = ChatClient.parse(
                "{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"too many messages: at most 1 per second\"}");
        int accepted = 0;
        int refusedInARow = 0;
        long deadline = System.nanoTime() + ChatClient.TIMEOUT.toNanos();
        for (int i = 0; ; i++) {
            assertTrue(System.nanoTime() < deadline, "still open after " + i + " messages");
            flooder.say("spam " + i);
            Optional<JsonObject> reply = flooder.nextMatchingOrClose(frame -> frame.contains("\"type\":\"message\"")
                    || frame.contains("\"type\":\"error\"")).map(ChatClient::parse);
            if (reply.isEmpty()) {
                return new Flood(accepted, refusedInARow);
            }
            if (reply.get().getString("type").equals("message")) {
                assertEquals("spam " + i, reply.get().getString("text"));
                accepted++;
                refusedInARow = 0;
            } else {
                assertEquals(rateLimited, reply.get(), "reply to message " + i);
                refusedInARow++;
            }
        }
    }

    @Test
    void aBinaryFrameIsClosed1003() throws Exception {
        try (ChatClient binary = joined("binary")) {
            binary.sendBinary(new byte[] {1, 2, 3});
            binary.assertClosed(1003, "binary frames are not supported");
        }
        assertLeft("binary");
        assertOthersStillChat();
    }

    @Test
    void invalidUtf8IsClosed1007ByTheContainerAndHurtsNobody() throws Exception {
        try (ServerLog log = ServerLog.start()) {
            try (RawClient garbled = joinedRaw("garbled", 0)) {
                garbled.sendTextBytes(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
                assertEquals(1007, garbled.awaitClose(ChatClient.TIMEOUT).code());
            }
            assertLeft("garbled");
            assertNoWarningLogged(log);
        }
        assertOthersStillChat();
    }

    @Test
    void aForeignOriginIsRefusedAtTheHandshake() throws Exception {
        URI uri = Endpoints.chat(base, "name", "mallory", "room", room);
        assertEquals(403, handshakeStatus(uri, "http://evil.example"));
        assertEquals(403, handshakeStatus(uri, "null"), "null is allowed only when listed");
        assertEquals(403, handshakeStatus(uri, "http://" + base.getHost() + ":1"), "same host, other port is another origin");
        try (RawClient sameHost = RawClient.connect(uri, "http://" + base.getHost() + ":" + base.getPort(), "chat.v1", 0);
                RawClient listed = RawClient.connect(uri, "http://ALLOWED.example", "chat.v1", 0);
                RawClient noOrigin = RawClient.connect(uri, null, "chat.v1", 0)) {
            assertEquals(List.of(101, 101, 101), List.of(sameHost.status(), listed.status(), noOrigin.status()));
            for (String name : List.of("mallory", "mallory-2", "mallory-3")) {
                assertEquals(name, observer.nextJson("joined").getString("name"));
            }
        }
        assertOthersStillChat();
    }

    /** The status answering a handshake from {@code origin}; the connection is closed again. */
    private static int handshakeStatus(URI uri, String origin) throws IOException {
        try (RawClient client = RawClient.connect(uri, origin, "chat.v1", 0)) {
            return client.status();
        }
    }

    /**
     * The sloth stops reading but keeps itself heard with unsolicited pongs (RFC 6455 allows
     * them), so it is never taken for a dead peer (1001). Ten senders post 8 KB messages until
     * the room announces the sloth's departure. Where an async send completes only once the frame
     * is written (Tomcat), the sloth's outbox overflows within a few seconds; where it completes
     * as soon as the frame is buffered (Tyrus: GlassFish, Payara), the outbox fills late or
     * never, and the heartbeat may find the sloth first, because it never echoes a ping. Both
     * close 1008 "slow consumer". The senders are raw clients that read and drop every frame at
     * once and answer pings, as any reading client does: a Tyrus client parsing megabytes on a
     * busy machine can fall behind far enough to be a slow consumer itself. The sloth resumes
     * reading as soon as the departure is seen, since a server gives up on a close frame stuck
     * behind a full socket.
     */
    @Test
    void aClientThatStopsReadingIsClosed1008WhileTheOthersKeepChatting() throws Exception {
        CountDownLatch slothLeft = new CountDownLatch(1);
        ExecutorService threads = Executors.newCachedThreadPool();
        List<RawClient> senders = new ArrayList<>();
        double evictionsBefore = SlowConsumers.evictions(base);
        try (RawClient sloth = joinedRaw("sloth", 4096)) {
            Future<?> keepAlive = threads.submit(() -> SlowConsumers.keepHeardUntil(slothLeft, sloth));
            for (int s = 0; s < 10; s++) {
                RawClient sender = joinedRaw("sender" + s, 0);
                senders.add(sender);
                threads.submit(() -> dropAllFrames(sender, slothLeft));
            }
            // Only now, so that the observer cannot skip the sloth's departure looking for a join.
            List<Future<?>> posting = new ArrayList<>();
            for (RawClient sender : senders) {
                posting.add(threads.submit(() -> postHeavyUntil(slothLeft, sender)));
            }
            long start = System.nanoTime();
            assertTrue(slothLeft.await(30, TimeUnit.SECONDS), "the sloth is evicted while the senders post");
            System.out.printf("slow consumer evicted after %d ms%n", (System.nanoTime() - start) / 1_000_000);
            keepAlive.get(10, TimeUnit.SECONDS);
            SlowConsumers.assertClosedAsSlow(sloth, base, evictionsBefore);
            for (Future<?> sender : posting) {
                sender.get(30, TimeUnit.SECONDS);
            }
            JsonObject left = ChatClient.parse(observer.nextMatching(Duration.ofSeconds(30),
                    frame -> frame.startsWith("{\"type\":\"left\"") && frame.contains("\"name\":\"sloth\"")));
            assertEquals(room, left.getString("room"));
        } finally {
            for (RawClient sender : senders) {
                sender.close();
            }
            threads.shutdownNow();
            assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS), "every helper thread ended");
        }
        assertOthersStillChat();
    }

    /**
     * Posts an 8 KB message every 100 ms, at most 300, until {@code done}: ten senders, 800 KB/s
     * to each of 13 members, 10 MB/s in all. The sloth falls behind within a second whatever the
     * container; the server must keep up with the readers, or they are rightly evicted too, since
     * an outbox's budget (2 MiB here) is only a second or two of such a stream. So the load stays
     * well inside what the slowest container serves on 2 cores that the test's own clients share:
     * 2.5 times as much (8 KB every 40 ms) overflowed the readers' outboxes on a freshly deployed
     * GlassFish within 1.5 s.
     */
    private static Void postHeavyUntil(CountDownLatch done, RawClient sender) throws Exception {
        for (int i = 0; i < 300 && !done.await(100, TimeUnit.MILLISECONDS); i++) {
            sender.sendText(HEAVY);
        }
        return null;
    }

    /**
     * Reads and drops frames until the connection ends, answering pings; counts down when the
     * sloth has left.
     */
    private static Void dropAllFrames(RawClient client, CountDownLatch slothLeft) {
        try {
            client.readUntilClose(frame -> {
                // Presence frames are short; only they are worth decoding.
                if (frame.payload().length < 200 && frame.text().startsWith("{\"type\":\"left\"")
                        && frame.text().contains("\"name\":\"sloth\"")) {
                    slothLeft.countDown();
                }
            });
        } catch (IOException closedByTheTest) {
            // the test closed this sender: nothing more to read
        }
        return null;
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsClosed() throws Exception {
        try (RawClient ghost = joinedRaw("ghost", 0)) {
            // The pom sets a 2 s heartbeat with an 8 s timeout; the ghost reads but never pongs
            // and never writes: silent, not slow.
            assertEquals(new RawClient.Close(1001, "heartbeat timeout"), ghost.awaitClose(Duration.ofSeconds(20)));
            assertEquals("ghost", observer.nextJson("left").getString("name"), "presence updated");
        }
        assertOthersStillChat();
    }

    /** A JSON client in the test's room, past its welcome, announced to the observer. */
    private ChatClient joined(String name) throws Exception {
        ChatClient client = ChatClient.json(Endpoints.chat(base, "name", name, "room", room));
        client.nextJson("welcome");
        assertEquals(name, observer.nextJson("joined").getString("name"));
        return client;
    }

    /**
     * A raw {@code chat.v1} client in the test's room, upgraded and announced to the observer;
     * {@code receiveBuffer} as for {@link RawClient#connect}.
     */
    private RawClient joinedRaw(String name, int receiveBuffer) throws IOException {
        RawClient client = RawClient.connect(Endpoints.chat(base, "name", name, "room", room), null, "chat.v1", receiveBuffer);
        try {
            assertEquals(101, client.status());
            assertEquals(name, observer.nextJson("joined").getString("name"));
            return client;
        } catch (AssertionError | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * A client's protocol error is the client's: the container closes it, and the server log gets
     * no warning with a stack trace (Jetty hands these to {@code @OnError}, Tomcat does not).
     * Checked once the room has heard {@code left}: that comes from {@code @OnClose}, which the
     * containers call after {@code @OnError}; and once a marker caused after that is in the log,
     * so that a log not being written fails the test.
     */
    private void assertNoWarningLogged(ServerLog log) throws Exception {
        log.assertNoLineContains("WebSocket error", ServerLog.causeMarker(base), "a client's protocol error logged as the server's");
    }

    private void assertLeft(String name) {
        assertEquals(name, observer.nextJson("left").getString("name"));
    }

    private void assertOthersStillChat() {
        String text = "still chatting " + System.nanoTime();
        speaker.say(text);
        JsonObject message = ChatClient.parse(observer.nextMatching(frame -> frame.contains(text)));
        assertEquals("speaker", message.getString("from"));
        assertEquals(text, message.getString("text"));
    }
}

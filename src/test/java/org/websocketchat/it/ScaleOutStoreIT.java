package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.websocketchat.it.NodeClients.chat;
import static org.websocketchat.it.NodeClients.welcomed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.websocketchat.entity.EventId;
import org.websocketchat.node.PostgresNode;
import org.websocketchat.node.RedisNode;
import org.websocketchat.node.TomcatNode;

/**
 * {@code chat.store=jdbc} behind {@code chat.relay=redis}: two real Tomcats sharing rooms through
 * one real Redis, each storing through its own DataSource into one real PostgreSQL, all on free
 * ports of 127.0.0.1. The database is the durable log and Redis the recent window of
 * {@link #WINDOW} messages, with one order of ids across both, whichever node wrote.
 */
class ScaleOutStoreIT {

    private static final Duration START = Duration.ofSeconds(90);
    /** Redis' window (CHAT_HISTORY_SIZE): small, so that scrollback and resume must reach the database. */
    private static final int WINDOW = 5;
    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static final AtomicInteger NODES = new AtomicInteger();
    /** The nodes accept tokens, so that signed-in users need no container realm here. */
    private static final String SECRET = "scale-out-store-secret-scale-out-00";

    private static RedisNode redis;
    private static PostgresNode postgres;
    private static TomcatNode a;
    private static TomcatNode b;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisNode.start();
        postgres = PostgresNode.start();
        a = node();
        b = node();
    }

    @AfterAll
    static void stop() throws Exception {
        try (PostgresNode database = postgres; RedisNode r = redis; TomcatNode first = a; TomcatNode second = b) {
            // closed in reverse order: the nodes first, then Redis and PostgreSQL
        }
    }

    @Test
    void twoNodesWritingAtOnceStoreOneOrderOfIdsThatEveryoneSees() throws Exception {
        String room = room();
        int each = 40;
        try (ChatClient ana = welcomed(a, "ana", room); ChatClient bo = welcomed(b, "bo", room)) {
            ana.nextJson("joined");
            for (int i = 1; i <= each; i++) {
                ana.say("a" + i);
                bo.say("b" + i);
            }
            List<JsonObject> onA = Texts.messages(ana, 2 * each);
            List<JsonObject> onB = Texts.messages(bo, 2 * each);

            List<String> order = onA.stream().map(m -> m.getString("id") + " " + m.getString("text")).toList();
            assertEquals(order, onB.stream().map(m -> m.getString("id") + " " + m.getString("text")).toList(), "the same order on both nodes");
            List<EventId> ids = onA.stream().map(m -> EventId.parse(m.getString("id")).orElseThrow()).toList();
            assertTrue(IntStream.range(1, ids.size()).allMatch(i -> ids.get(i - 1).compareTo(ids.get(i)) < 0), "ids rise: " + ids);
            assertEquals(Texts.numbered("a", 1, each), onA.stream().map(m -> m.getString("text")).filter(t -> t.startsWith("a")).toList());
            assertEquals(Texts.numbered("b", 1, each), onA.stream().map(m -> m.getString("text")).filter(t -> t.startsWith("b")).toList());
            assertEquals(order, postgres.column("SELECT epoch || '-' || seq || ' ' || body FROM chat_message WHERE room = '" + room
                    + "' ORDER BY epoch, seq"), "every message stored once, in the order everyone saw");
        }
    }

    @Test
    void aNewcomerOnTheOtherNodeScrollsBackPastRedisWindowAndResumesFromTheDatabase() throws Exception {
        String room = room();
        List<String> ids = new ArrayList<>();
        try (ChatClient ana = welcomed(a, "ana", room)) {
            for (int i = 1; i <= 12; i++) {
                ana.say("m" + i);
                ids.add(ana.nextJson("message").getString("id"));
            }
        }
        try (ChatClient bo = ChatClient.json(chat(b, "bo", room, null))) {
            assertEquals(false, bo.nextJson("welcome").getBoolean("resumed"));
            assertEquals(Texts.numbered("m", 8, 12), Texts.next(bo, WINDOW), "Redis' window");

            bo.send("{\"type\":\"history\",\"before\":\"" + ids.get(7) + "\",\"limit\":4}");
            JsonObject page = bo.nextJson("history");
            assertEquals(Texts.numbered("m", 4, 7), Texts.of(page));
            assertTrue(page.getBoolean("more"));
            bo.send("{\"type\":\"history\",\"before\":\"" + ids.get(3) + "\"}");
            JsonObject last = bo.nextJson("history");
            assertEquals(Texts.numbered("m", 1, 3), Texts.of(last));
            assertEquals(false, last.getBoolean("more"));
        }
        try (ChatClient cy = ChatClient.json(chat(b, "cy", room, ids.get(1)))) {
            assertEquals(true, cy.nextJson("welcome").getBoolean("resumed"), "since is an id the database keeps, though Redis does not");
            assertEquals(Texts.numbered("m", 3, 12), Texts.next(cy, 10));
        }
    }

    @Test
    void aDatabaseThatStopsAnsweringIsRefusedOnEveryNodeAndRecoveredFrom() throws Exception {
        String room = room();
        try (ChatClient ana = welcomed(a, "ana", room); ChatClient bo = welcomed(b, "bo", room)) {
            ana.nextJson("joined");
            postgres.stop();
            try {
                for (ChatClient client : List.of(ana, bo)) {
                    client.say("while it is down");
                    JsonObject refused = client.nextJson("error");
                    assertEquals("unavailable", refused.getString("code"));
                    assertEquals("a message cannot be stored or read now: try again later", refused.getString("message"));
                }
                // A node finds the database gone when a statement fails, as each one's did above.
                for (TomcatNode node : List.of(a, b)) {
                    assertEquals("503 {\"status\":\"DOWN\",\"reason\":\"store unreachable\"}", Health.of(node.page(), "ready"));
                }
            } finally {
                postgres.restart();
            }
            for (TomcatNode node : List.of(a, b)) {
                Poll.until("ready again", Duration.ofSeconds(30), () -> Health.of(node.page(), "ready"), "200 {\"status\":\"UP\"}"::equals);
            }
            bo.say("back");
            assertEquals("back", ana.nextJson("message").getString("text"), "nothing refused was published meanwhile");
            assertEquals(List.of("back"), postgres.column("SELECT body FROM chat_message WHERE room = '" + room + "'"));
        }
    }

    @Test
    void aDirectMessageBetweenSignedInUsersIsStoredAndReadBackFromTheDatabaseOnTheOtherNode() throws Exception {
        String room = room();
        try (ChatClient ana = ChatClient.jsonWithToken(chat(a, "x", room, null), token("dm-ana"));
                ChatClient bo = ChatClient.jsonWithToken(chat(b, "x", room, null), token("dm-bo"))) {
            ana.nextJson("welcome");
            bo.nextJson("welcome");
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= WINDOW + 2; i++) {
                ana.send("{\"type\":\"dm\",\"to\":\"dm-bo\",\"text\":\"d" + i + "\"}");
                JsonObject heard = bo.nextJson("dm");
                assertEquals("d" + i, heard.getString("text"));
                ids.add(heard.getString("id"));
            }
            assertEquals(Texts.numbered("d", 1, WINDOW + 2), postgres.column("SELECT body FROM chat_direct_message WHERE pair_key = 'dm-ana' || chr(10) || 'dm-bo'"
                    + " ORDER BY epoch, seq"), "stored, each once");
            bo.send("{\"type\":\"dms\",\"with\":\"dm-ana\",\"since\":\"" + ids.get(0) + "\"}");
            JsonObject resumed = bo.nextJson("dms");
            assertTrue(resumed.getBoolean("resumed"), "since is an id the database keeps");
            assertEquals(Texts.numbered("d", 2, WINDOW + 2), Texts.of(resumed));
        }
    }

    private static String token(String subject) {
        return Tokens.signed(SECRET, subject, java.time.Instant.now().plusSeconds(600), List.of());
    }

    private static TomcatNode node() throws Exception {
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "scale-out-store", "node-" + NODES.incrementAndGet());
        TomcatNode.Options options = TomcatNode.Options.fromBuild(base, Map.of("chat.store", "jdbc", "chat.redis.uri",
                        redis.uri().toString(), "chat.rate.per-second", "1000", "chat.rate.burst", "1000", "chat.auth.token-secret", SECRET))
                // The environment, as the tests' own CHAT_HISTORY_SIZE would win over a system property.
                .withEnvironment(Map.of("CHAT_RELAY", "redis", "CHAT_HISTORY_SIZE", Integer.toString(WINDOW)))
                .withDataSource(postgres.jdbcUrl(), postgres.user(), postgres.password())
                .withJvmOptions(List.of("-Xmx256m"));
        return TomcatNode.start(options, START);
    }

    private static String room() {
        return "held-" + ROOMS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }
}

package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.websocketchat.it.NodeClients.chat;
import static org.websocketchat.it.NodeClients.welcomed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.websocketchat.node.PostgresNode;
import org.websocketchat.node.TomcatNode;

/**
 * {@code chat.store=jdbc} with a real PostgreSQL (Debian's, on a free loopback port) behind a
 * standalone Tomcat 11, the DataSource in the server's {@code conf/context.xml} and the driver in
 * its {@code lib/}, as docs/containers.md tells an operator: history outlives the server, nothing
 * acknowledged is lost to a SIGKILL, a database that stops answering is refused and recovered
 * from, and retention purges while the chat goes on.
 */
class StoreIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration BOUND = Duration.ofSeconds(30);
    /** Few in memory, so that scrollback and resume must reach past them to the database. */
    private static final String MEMORY = "5";
    private static final AtomicInteger NODES = new AtomicInteger();
    private static final AtomicInteger ROOMS = new AtomicInteger();

    private static PostgresNode postgres;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = PostgresNode.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        postgres.close();
    }

    @Test
    void aRestartKeepsTheHistoryANewcomerScrollsBackPastTheMemoryWindowAndSinceResumesFromTheDatabase() throws Exception {
        String room = room();
        List<String> ids = new ArrayList<>();
        try (TomcatNode first = node(Map.of())) {
            try (ChatClient ana = welcomed(first, "ana", room)) {
                for (int i = 1; i <= 12; i++) {
                    ana.send("{\"type\":\"say\",\"text\":\"m" + i + "\"}");
                    ids.add(ana.nextJson("message").getString("id"));
                }
            }
        }
        try (TomcatNode second = node(Map.of()); ChatClient bo = ChatClient.json(chat(second, "bo", room, null))) {
            assertEquals(false, bo.nextJson("welcome").getBoolean("resumed"));
            assertEquals(List.of("m8", "m9", "m10", "m11", "m12"), Texts.next(bo, 5), "the newest, from the database after the restart");

            bo.send("{\"type\":\"history\",\"before\":\"" + ids.get(7) + "\",\"limit\":4}");
            JsonObject page = bo.nextJson("history");
            assertEquals(List.of("m4", "m5", "m6", "m7"), Texts.of(page));
            assertTrue(page.getBoolean("more"));
            bo.send("{\"type\":\"history\",\"before\":\"" + ids.get(3) + "\"}");
            JsonObject last = bo.nextJson("history");
            assertEquals(List.of("m1", "m2", "m3"), Texts.of(last));
            assertEquals(false, last.getBoolean("more"));

            try (ChatClient cy = ChatClient.json(chat(second, "cy", room, ids.get(2)))) {
                assertEquals(true, cy.nextJson("welcome").getBoolean("resumed"), "since is an id the database holds");
                assertEquals(List.of("m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11", "m12"), Texts.next(cy, 9));
            }
        }
    }

    @Test
    void everyMessageAcknowledgedBeforeASigkillIsInTheDatabase() throws Exception {
        String room = room();
        Set<String> acknowledged = new HashSet<>();
        TomcatNode node = node(Map.of("chat.rate.per-second", "1000", "chat.rate.burst", "1000"));
        try (ChatClient ana = welcomed(node, "ana", room)) {
            for (int i = 1; i <= 300; i++) {
                ana.send("{\"type\":\"say\",\"text\":\"burst " + i + "\"}");
            }
            for (int i = 0; i < 150; i++) {
                acknowledged.add(ana.nextJson("message").getString("id"));
            }
            node.kill();
        } finally {
            node.close();
        }
        Set<String> stored = new HashSet<>(postgres.rows("SELECT epoch || '-' || seq FROM chat_message WHERE room = '" + room + "'")
                .stream().map(row -> row.get(0)).toList());
        assertTrue(stored.containsAll(acknowledged), "acknowledged but not stored: " + acknowledged.stream().filter(id -> !stored.contains(id)).toList());
        assertTrue(stored.size() >= 150 && stored.size() <= 300, stored.size() + " rows");
    }

    @Test
    void aDatabaseThatStopsAnsweringIsRefusedUnreadyAndRecoveredFromByItself() throws Exception {
        String room = room();
        try (TomcatNode node = node(Map.of()); ChatClient ana = welcomed(node, "ana", room);
                ChatClient plain = ChatClient.plain(chat(node, "bo", room, null))) {
            plain.nextMatching(line -> line.startsWith("* you are bo"));
            ana.nextJson("joined");
            assertEquals("200 {\"status\":\"UP\"}", Health.of(node.page(), "ready"));
            assertTrue(node.log().contains("The chat's schema is up to date"), node.log());
            assertFalse(node.log().contains("stored again"), "its first answer is no news: " + node.log());
            postgres.stop();
            try {
                ana.send("{\"type\":\"say\",\"text\":\"while it is down\"}");
                JsonObject refused = ana.nextJson("error");
                assertEquals("unavailable", refused.getString("code"));
                assertEquals("a message cannot be stored or read now: try again later", refused.getString("message"));
                plain.send("plain while it is down");
                assertEquals("! a message cannot be stored or read now: try again later", plain.nextMatching(line -> line.startsWith("!")));
                assertEquals("503 {\"status\":\"DOWN\",\"reason\":\"store unreachable\"}", Health.of(node.page(), "ready"));
                assertEquals("200 {\"status\":\"UP\"}", Health.of(node.page(), "live"), "nothing a restart would cure");
            } finally {
                postgres.restart();
            }
            Poll.until("ready again", BOUND, () -> Health.of(node.page(), "ready"), "200 {\"status\":\"UP\"}"::equals);
            ana.send("{\"type\":\"say\",\"text\":\"back\"}");
            assertEquals("back", ana.nextJson("message").getString("text"));
            assertEquals("ana: back", plain.nextMatching(line -> line.startsWith("ana:")), "nobody heard the refused messages");
            assertTrue(node.log().contains("messages are stored again"), node.log());
        }
    }

    @Test
    void retentionPurgesOldMessagesInTheBackgroundWhileTheChatGoesOn() throws Exception {
        String room = room();
        String count = "SELECT count(*) FROM chat_message WHERE room = '" + room + "'";
        try (TomcatNode node = node(Map.of("chat.store.retention", "2s")); ChatClient ana = welcomed(node, "ana", room)) {
            ana.send("{\"type\":\"say\",\"text\":\"soon gone\"}");
            ana.nextJson("message");
            assertEquals(List.of(List.of("1")), postgres.rows(count));
            Poll.until("the message purged", BOUND, () -> postgres.rows(count), List.of(List.of("0"))::equals);
            ana.send("{\"type\":\"say\",\"text\":\"still chatting\"}");
            assertEquals("still chatting", ana.nextJson("message").getString("text"));
        }
    }

    @Test
    void thePageLoadsOlderMessagesAtTheTopKeepingTheReadersPlaceUntilTheStart() throws Exception {
        String room = room();
        try (TomcatNode node = node(Map.of("chat.rate.per-second", "1000", "chat.rate.burst", "1000"))) {
            try (ChatClient ana = welcomed(node, "ana", room)) {
                for (int i = 1; i <= 60; i++) {
                    ana.send("{\"type\":\"say\",\"text\":\"m" + i + "\"}");
                    ana.nextJson("message");
                }
            }
            try (Browser bo = Browser.open()) {
                ChatPage.join(bo, node.page().toString(), "bo", room);
                ChatPage.awaitTexts(bo, Texts.numbered("m", 56, 60));
                // Five lines do not fill the list, so there is nothing to scroll: the wheel asks.
                bo.script("document.getElementById('messages').dispatchEvent(new WheelEvent('wheel', {deltaY: -100}))");
                ChatPage.awaitTexts(bo, Texts.numbered("m", 6, 60));
                assertEquals(true, bo.script("const list = document.getElementById('messages').getBoundingClientRect();"
                        + " return Array.from(document.querySelectorAll('#messages .message')).slice(-5).every(li => {"
                        + " const r = li.getBoundingClientRect(); return r.top >= list.top && r.bottom <= list.bottom; })"),
                        "the lines read before are still in view, at the bottom, where nothing is below them");

                // At the top, measured in the same task: the scroll event, and so the load, comes after it.
                double sixth = ((Number) bo.script("document.getElementById('messages').scrollTop = 0;"
                        + " return Array.from(document.querySelectorAll('#messages .message'))"
                        + ".find(li => li.querySelector('.text').textContent === 'm6').getBoundingClientRect().top")).doubleValue();
                ChatPage.awaitTexts(bo, Texts.numbered("m", 1, 60));
                assertEquals(sixth, top(bo, "m6"), 1.0, "the line read before is where it was on the screen");
                assertEquals("The start of #" + room + "'s history", bo.texts("#messages li").get(0));
            }
        }
    }

    /** Where the message of that text is on the screen, in CSS pixels from the top of the window. */
    private static double top(Browser browser, String text) {
        return ((Number) browser.script("return Array.from(document.querySelectorAll('#messages .message'))"
                + ".find(li => li.querySelector('.text').textContent === arguments[0]).getBoundingClientRect().top", text)).doubleValue();
    }

    private static TomcatNode node(Map<String, String> settings) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("chat.store", "jdbc"));
        all.putAll(settings);
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "store", "node-" + NODES.incrementAndGet());
        // The environment, as the tests' own CHAT_HISTORY_SIZE would win over a system property.
        return TomcatNode.start(TomcatNode.Options.fromBuild(base, all).withEnvironment(Map.of("CHAT_HISTORY_SIZE", MEMORY))
                .withDataSource(postgres.jdbcUrl(), postgres.user(), postgres.password())
                .withJvmOptions(List.of("-Xmx256m")), START);
    }

    private static String room() {
        return "store-" + ROOMS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }
}

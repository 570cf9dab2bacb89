package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.websocketchat.it.NodeClients.chat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.websocketchat.entity.EventId;
import org.websocketchat.node.RedisNode;
import org.websocketchat.node.TomcatNode;

/**
 * Scale-out: the built WAR in two real Tomcats (each its own JVM) sharing rooms through one real
 * Redis, all on free ports of 127.0.0.1. Chat, presence and resume across nodes; a node killed
 * outright, a node stopped cleanly, and Redis restarted under running nodes. Rooms are crowded
 * above 3 members ({@link #CROWD}), which only the crowd test's room reaches.
 */
class ScaleOutIT {

    /** The contract: a killed node's members are announced gone within this. */
    private static final Duration REAP_BOUND = Duration.ofSeconds(30);
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    /** The reason of a node's 1013 while it cannot reach Redis. */
    private static final String UNAVAILABLE = "chat unavailable, try again later";
    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static final String CROWD = "3";
    private static final AtomicInteger NODES = new AtomicInteger();
    /** The nodes accept tokens, so that a moderator and signed-in users need no container realm here. */
    private static final String SECRET = "scale-out-secret-scale-out-secret-00";

    private static RedisNode redis;
    private static TomcatNode a;
    private static TomcatNode b;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisNode.start();
        a = node();
        b = node();
    }

    @AfterAll
    static void stop() throws Exception {
        try (RedisNode r = redis; TomcatNode first = a; TomcatNode second = b) {
            // closed in reverse order: nodes first, then Redis
        }
    }

    @Test
    void membersOnTwoNodesShareARoomItsPresenceAndItsNames() throws Exception {
        String room = room();
        try (ChatClient ana = ChatClient.json(chat(a, "ana", room, null))) {
            assertEquals(welcome("ana", room, List.of("ana"), false), ana.nextJson());
            // The client's handshake completes before the server has seated it, so the next
            // newcomer waits for bo's welcome: otherwise their joins may reach Redis in either order.
            try (ChatClient bo = ChatClient.json(chat(b, "bo", room, null))) {
                assertEquals(welcome("bo", room, List.of("ana", "bo"), false), bo.nextJson());
                try (ChatClient otherAna = ChatClient.json(chat(b, "ANA", room, null))) {
                    assertEquals(welcome("ANA-2", room, List.of("ana", "bo", "ANA-2"), false), otherAna.nextJson(),
                            "names are unique across nodes, case-insensitively");
                    JsonObject joinedBo = ana.nextJson();
                    assertEquals("joined", joinedBo.getString("type"));
                    assertEquals("bo", joinedBo.getString("name"));
                    assertEquals("ANA-2", ana.nextJson("joined").getString("name"));

                    JsonObject onA = assertSameEventOnBothNodes(bo, "hello from b", ana);
                    assertEquals("bo", onA.getString("from"));
                    assertTrue(id(onA).compareTo(id(joinedBo)) > 0);

                    ana.say("hello from a");
                    assertEquals("hello from a", bo.nextJson("message").getString("text"));
                }
            }
            assertEquals(List.of("ANA-2", "bo"), nextLeftNames(ana, 2).stream().sorted().toList());
        }
    }

    @Test
    void typingCrossesNodesToTheOthersOnlyAndIsNeverReplayed() throws Exception {
        String room = room();
        try (ChatClient ana = ChatClient.json(chat(a, "ana", room, null))) {
            ana.nextJson("welcome");
            try (ChatClient bo = ChatClient.json(chat(b, "bo", room, null))) {
                bo.nextJson("welcome");
                ana.nextJson("joined");

                ana.send("{\"type\":\"typing\",\"room\":\"" + room + "\"}");
                ana.say("done typing");

                assertEquals(Json.createObjectBuilder().add("type", "typing").add("room", room).add("name", "ana").build(),
                        bo.nextJson());
                assertEquals("done typing", bo.nextJson().getString("text"));
                assertEquals("message", ana.nextJson().getString("type"), "the one typing does not hear itself");
                try (ChatClient cy = ChatClient.json(chat(a, "cy", room, null))) {
                    cy.nextJson("welcome");
                    assertEquals("done typing", cy.nextJson().getString("text"), "the history holds no typing");
                }
            }
        }
    }

    @Test
    void aConnectionOnOneNodeJoinsAndLeavesARoomWhoseMembersAreOnTheOther() throws Exception {
        String first = room();
        String second = room();
        try (ChatClient bo = welcomed(b, "bo", second); ChatClient ana = welcomed(a, "ana", first)) {
            bo.say("before ana");
            String seen = bo.nextJson("message").getString("id");
            bo.say("after since");
            bo.nextJson("message");

            ana.send("{\"type\":\"join\",\"room\":\"" + second + "\",\"since\":\"" + seen + "\"}");
            JsonObject welcome = ana.nextJson("welcome");
            assertEquals(List.of(second, true), List.of(welcome.getString("room"), welcome.getBoolean("resumed")));
            assertEquals("after since", ana.nextJson().getString("text"));
            assertEquals("ana", bo.nextJson("joined").getString("name"));

            ana.send("{\"type\":\"say\",\"room\":\"" + second + "\",\"text\":\"across\"}");
            JsonObject across = bo.nextJson();
            assertEquals(List.of(second, "across"), List.of(across.getString("room"), across.getString("text")));
            assertEquals("across", ana.nextJson("message").getString("text"));

            ana.send("{\"type\":\"leave\",\"room\":\"" + second + "\"}");
            assertEquals("goodbye", ana.nextJson().getString("type"));
            assertEquals("ana", bo.nextJson("left").getString("name"));
            ana.say("still in the first");
            assertEquals(first, ana.nextJson("message").getString("room"));
        }
    }

    @Test
    void aDirectMessageCrossesNodesToEveryConnectionOfBothSidesAndResumesOnTheOtherNode() throws Exception {
        String room = room();
        try (ChatClient ana = ChatClient.jsonWithToken(chat(a, "x", room, null), token("dm-ana", List.of()));
                ChatClient boHere = ChatClient.jsonWithToken(chat(a, "x", room(), null), token("dm-bo", List.of()));
                ChatClient boThere = ChatClient.jsonWithToken(chat(b, "x", room(), null), token("dm-bo", List.of()));
                ChatClient cy = ChatClient.json(chat(b, "cy", room, null))) {
            for (ChatClient client : List.of(ana, boHere, boThere, cy)) {
                client.nextJson("welcome");
            }
            ana.send("{\"type\":\"dm\",\"to\":\"DM-BO\",\"text\":\"psst\"}");
            JsonObject sent = ana.nextJson("dm");
            assertEquals(List.of("dm-ana", "dm-bo", "psst", true), List.of(sent.getString("from"), sent.getString("to"),
                    sent.getString("text"), sent.getBoolean("verified")));
            assertEquals(sent, boHere.nextJson("dm"));
            assertEquals(sent, boThere.nextJson("dm"), "the other node's connection of bo too");

            boThere.send("{\"type\":\"dm\",\"to\":\"dm-ana\",\"text\":\"hi\"}");
            String reply = ana.nextJson("dm").getString("id");
            cy.send("{\"type\":\"dm\",\"to\":\"nobody\",\"text\":\"?\"}");
            assertEquals("no_such_user", cy.nextJson("error").getString("code"));
            cy.send("{\"type\":\"dm\",\"to\":\"dm-ana\",\"text\":\"from a guest\"}");
            JsonObject fromGuest = ana.nextJson("dm");
            assertEquals(List.of("cy", false), List.of(fromGuest.getString("from"), fromGuest.getBoolean("verified", false)));
            assertEquals("from a guest", cy.nextJson("dm").getString("text"), "a guest's own copy, through Redis");

            try (ChatClient anaElsewhere = ChatClient.jsonWithToken(chat(b, "x", room(), null), token("dm-ana", List.of()))) {
                anaElsewhere.nextJson("welcome");
                anaElsewhere.send("{\"type\":\"dms\",\"with\":\"dm-bo\"}");
                JsonObject all = anaElsewhere.nextJson("dms");
                assertEquals(List.of("psst", "hi"), all.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                        .map(message -> message.getString("text")).toList());
                assertFalse(all.getBoolean("resumed"));
                anaElsewhere.send("{\"type\":\"dms\",\"with\":\"dm-bo\",\"since\":\"" + sent.getString("id") + "\"}");
                JsonObject resumed = anaElsewhere.nextJson("dms");
                assertTrue(resumed.getBoolean("resumed"));
                assertEquals(List.of(reply), resumed.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                        .map(message -> message.getString("id")).toList());
            }
        }
    }

    @Test
    void aGuestsNewNameReachesTheOtherNodeAndReplaysNothing() throws Exception {
        String room = room();
        try (ChatClient ana = welcomed(a, "ana", room); ChatClient bo = welcomed(b, "bo", room)) {
            ana.nextJson("joined");
            bo.say("before");
            ana.nextJson("message");

            ana.send("{\"type\":\"nick\",\"name\":\"Ann\"}");
            JsonObject welcome = ana.nextJson();
            assertEquals(List.of("welcome", "Ann", true), List.of(welcome.getString("type"), welcome.getString("you"),
                    welcome.getBoolean("resumed")));
            assertEquals(List.of("ana", "Ann"), List.of(bo.nextJson("left").getString("name"), bo.nextJson("joined").getString("name")));
            ana.say("after");
            assertEquals("after", ana.nextJson().getString("text"), "nothing replayed between the welcome and it");
        }
    }

    @Test
    void theDirectoryCountsTheMembersOfEveryNode() throws Exception {
        String room = room();
        try (ChatClient ana = ChatClient.json(chat(a, "ana", room, null))) {
            ana.nextJson("welcome");
            try (ChatClient bo = ChatClient.json(chat(b, "bo", room, null))) {
                bo.nextJson("welcome");

                bo.send("{\"type\":\"rooms\"}");

                JsonObject listed = bo.nextJson("rooms").getJsonArray("rooms").getValuesAs(JsonObject.class).stream()
                        .filter(entry -> entry.getString("room").equals(room)).findFirst().orElseThrow();
                assertEquals(2, listed.getInt("members"));
            }
        }
    }

    @Test
    void aClientResumesOnTheOtherNodeWithNoGapAndNoDuplicate() throws Exception {
        String room = room();
        try (ChatClient bo = ChatClient.json(chat(a, "bo", room, null))) {
            bo.nextJson("welcome");
            String seen;
            try (ChatClient ana = ChatClient.json(chat(a, "ana", room, null))) {
                ana.nextJson("welcome");
                ana.say("one");
                seen = ana.nextJson("message").getString("id");
            }
            assertEquals("ana", bo.nextJson("left").getString("name"));
            bo.say("two");
            bo.say("three");
            bo.nextJson("message");
            bo.nextJson("message");

            try (ChatClient ana = ChatClient.json(chat(b, "ana", room, seen))) {
                assertEquals(welcome("ana", room, List.of("bo", "ana"), true), ana.nextJson());
                assertEquals("two", ana.nextJson().getString("text"));
                assertEquals("three", ana.nextJson().getString("text"));
                bo.say("four");
                assertEquals("four", ana.nextJson().getString("text"), "live events follow the history at once");
            }
            assertEquals("ana", bo.nextJson("left").getString("name"));
            try (ChatClient cy = ChatClient.json(chat(b, "cy", room, "1-1"))) {
                assertEquals(welcome("cy", room, List.of("bo", "cy"), false), cy.nextJson(),
                        "an id from before this room's history is not resumed");
                assertEquals(List.of("one", "two", "three", "four"),
                        List.of(cy.nextJson().getString("text"), cy.nextJson().getString("text"),
                                cy.nextJson().getString("text"), cy.nextJson().getString("text")));
            }
        }
    }

    @Test
    void aKilledNodesMembersAreAnnouncedGoneOnTheOtherNodes() throws Exception {
        String room = room();
        try (TomcatNode doomed = node(); ChatClient ana = ChatClient.json(chat(a, "ana", room, null))) {
            ana.nextJson("welcome");
            try (ChatClient cy = ChatClient.json(chat(doomed, "cy", room, null))) {
                cy.nextJson("welcome");
                assertEquals("cy", ana.nextJson("joined").getString("name"));

                long killed = System.nanoTime();
                doomed.kill();
                JsonObject left = ana.nextMatching(REAP_BOUND, frame -> frame.contains("\"left\""))
                        .transform(ChatClient::parse);
                Duration took = Duration.ofNanos(System.nanoTime() - killed);
                System.out.println("ScaleOutIT: a killed node's member was announced gone after " + took.toMillis() + " ms");
                assertEquals("cy", left.getString("name"));
                assertTrue(took.compareTo(REAP_BOUND) < 0, "took " + took);
            }
            try (ChatClient cy = ChatClient.json(chat(b, "cy", room, null))) {
                assertEquals(welcome("cy", room, List.of("ana", "cy"), false), cy.nextJson(), "the name is free again");
            }
        }
    }

    @Test
    void aNodeStoppedCleanlyReleasesItsMembersAtOnceAndStopsItsThreads() throws Exception {
        String room = room();
        TomcatNode leaving = node();
        try (ChatClient ana = ChatClient.json(chat(a, "ana", room, null))) {
            ana.nextJson("welcome");
            try (ChatClient dee = ChatClient.json(chat(leaving, "dee", room, null))) {
                dee.nextJson("welcome");
                assertEquals("dee", ana.nextJson("joined").getString("name"));

                leaving.close();
                assertEquals(1001, dee.awaitClose().getCloseCode().getCode());
                assertEquals("dee", ana.nextJson("left").getString("name"), "within ChatClient's timeout, not the reaper's");
            }
        } finally {
            leaving.close();
        }
        ServerLog log = ServerLog.of(leaving);
        String stopped = stoppedMarker(leaving);
        String logged = log.awaitMarker(stopped);
        assertTrue(logged.contains("left Redis at"), logged);
        log.assertNoLineContains("appears to have started a thread", stopped, "threads left behind at undeploy");
        log.assertNoLineContains("but failed to remove it", stopped, "thread-locals left on the container's threads");
    }

    /**
     * The last line a node logs as it stops: Tomcat destroys its connector after the web
     * application has stopped and its class loader has reported the threads and thread-locals it
     * left behind, so once this line is in the log, those reports would be too.
     */
    private static String stoppedMarker(TomcatNode node) {
        return "Destroying ProtocolHandler [\"http-nio-127.0.0.1-" + node.port() + "\"]";
    }

    @Test
    void withoutRedisNodesCloseTheirClients1013AndServeAgainWhenItIsBack() throws Exception {
        String room = room();
        ChatClient ana = ChatClient.json(chat(a, "ana", room, null));
        ChatClient bo = ChatClient.json(chat(b, "bo", room, null));
        try {
            ana.nextJson("welcome");
            bo.nextJson("welcome");
            assertEquals("200 {\"status\":\"UP\"}", health(a, "ready"));

            redis.stop();
            ana.assertClosed(1013, UNAVAILABLE);
            bo.assertClosed(1013, UNAVAILABLE);
            assertEquals("503 {\"status\":\"DOWN\",\"reason\":\"relay unreachable\"}", health(a, "ready"),
                    "a load balancer sends it nobody");
            assertEquals("200 {\"status\":\"UP\"}", health(a, "live"), "nothing a restart would cure");
            try (ChatClient refused = ChatClient.json(chat(a, "cy", room, null))) {
                refused.assertClosed(1013, UNAVAILABLE);
            }
        } finally {
            ana.close();
            bo.close();
            if (!redis.isActive()) {
                redis.restart();
            }
        }
        long restarted = System.nanoTime();
        try (ChatClient anaAgain = welcomedAgain(chat(a, "ana", room, null));
                ChatClient boAgain = welcomedAgain(chat(b, "bo", room, null))) {
            Duration took = Duration.ofNanos(System.nanoTime() - restarted);
            System.out.println("ScaleOutIT: both nodes served again " + took.toMillis() + " ms after Redis restarted");
            assertEquals(welcome("ana", room, List.of("ana"), false), anaAgain.nextJson(), "Redis came back empty");
            boAgain.nextJson("welcome");
            anaAgain.say("back");
            assertEquals("back", boAgain.nextJson("message").getString("text"));
            assertEquals("200 {\"status\":\"UP\"}", health(a, "ready"));
        }
        String log = a.log();
        assertTrue(log.contains("unavailable (") && log.contains("is back after"), "the outage and the return are logged:\n" + log);
    }

    @Test
    void aCrowdedRoomIsCountedPagedAndSmallAgainAlikeOnBothNodes() throws Exception {
        String room = room();
        List<ChatClient> members = new ArrayList<>();
        try {
            // One after the other, each welcomed before the next comes: their joins reach Redis in this order.
            for (String name : List.of("ana", "bo", "cy")) {
                members.add(welcomed(members.size() % 2 == 0 ? a : b, name, room));
            }
            ChatClient ana = members.get(0);
            ChatClient bo = members.get(1);
            assertEquals(List.of("bo", "cy"), List.of(ana.nextJson("joined").getString("name"), ana.nextJson("joined").getString("name")));
            assertEquals("cy", bo.nextJson("joined").getString("name"));
            for (String name : List.of("dee", "eve")) {
                ChatClient client = ChatClient.json(chat(members.size() % 2 == 0 ? a : b, name, room, null));
                members.add(client);
                assertEquals(ChatClient.parse("{\"type\":\"welcome\",\"you\":\"" + name + "\",\"verified\":false,\"room\":\"" + room + "\",\"count\":"
                        + members.size() + ",\"resumed\":false}"), client.nextJson(), "a count, no names");
            }
            assertEquals(List.of("dee", "eve"), joinedUntilCount(ana, 5), "on node a");
            assertEquals(List.of("dee", "eve"), joinedUntilCount(bo, 5), "on node b");

            // Dee, on node b, also hears of eve's join in a presence update, whenever b's tick comes.
            ChatClient dee = members.get(3);
            dee.send("{\"type\":\"members\",\"limit\":2}");
            assertEquals(page(room, "\"ana\",\"bo\"", "\"bo\""), dee.nextJson("members"));
            dee.send("{\"type\":\"members\",\"after\":\"BO\",\"limit\":2}");
            assertEquals(page(room, "\"cy\",\"dee\"", "\"dee\""), dee.nextJson("members"));
            dee.send("{\"type\":\"members\",\"after\":\"dee\",\"limit\":2}");
            assertEquals(page(room, "\"eve\"", "null"), dee.nextJson("members"));

            for (int leaving = 4; leaving >= 1; leaving--) {
                members.get(leaving).close();
            }
            JsonObject everyone = ChatClient.parse("{\"type\":\"presence\",\"room\":\"" + room + "\",\"count\":1,\"members\":[\"ana\"]}");
            assertEquals(everyone, ana.nextMatching(frame -> !frame.contains("\"joins\"")).transform(ChatClient::parse),
                    "small again at 1: everyone's name, after updates only");
            try (ChatClient fay = ChatClient.json(chat(b, "fay", room, null))) {
                assertEquals(welcome("fay", room, List.of("ana", "fay"), false), fay.nextJson());
                assertEquals("fay", ana.nextJson("joined").getString("name"), "one by one again, across nodes");
            }
        } finally {
            members.forEach(ChatClient::close);
        }
    }

    private static ChatClient welcomed(TomcatNode node, String name, String room) throws Exception {
        ChatClient client = ChatClient.json(chat(node, name, room, null));
        assertEquals(name, client.nextJson("welcome").getString("you"));
        return client;
    }

    /** The names joined in the presence updates up to the one that counts {@code count}; nothing else on the way. */
    private static List<String> joinedUntilCount(ChatClient client, int count) {
        List<String> joined = new ArrayList<>();
        JsonObject update;
        do {
            update = client.nextJson();
            assertEquals("presence", update.getString("type"), update.toString());
            assertEquals(0, update.getInt("leaves"), update.toString());
            joined.addAll(update.getJsonArray("joined").getValuesAs(JsonString::getString));
        } while (update.getInt("count") != count);
        return joined;
    }

    private static JsonObject page(String room, String names, String next) {
        return ChatClient.parse("{\"type\":\"members\",\"room\":\"" + room + "\",\"names\":[" + names + "],\"next\":" + next
                + ",\"count\":5}");
    }

    /**
     * {@code author} says {@code text}; {@code other}, on the other node, gets the very event
     * the author's own node sends back to it, id included. Returns it.
     */
    private static JsonObject assertSameEventOnBothNodes(ChatClient author, String text, ChatClient other) {
        author.say(text);
        JsonObject onOther = other.nextJson();
        JsonObject onAuthors = author.nextJson("message");
        assertEquals(onOther, onAuthors, "the same event, id included, on both nodes");
        assertEquals(text, onOther.getString("text"));
        return onOther;
    }

    /** The names in the next {@code count} {@code left} events, in the order they came. */
    private static List<String> nextLeftNames(ChatClient client, int count) {
        List<String> names = new ArrayList<>();
        while (names.size() < count) {
            names.add(client.nextJson("left").getString("name"));
        }
        return names;
    }

    /**
     * Connects until a node admits the client again after an outage: until the node has found
     * Redis back, it refuses with 1013.
     */
    private static ChatClient welcomedAgain(URI uri) throws Exception {
        long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
        while (true) {
            ChatClient client = ChatClient.json(uri);
            Optional<CloseReason> refused = client.welcomedOrClosed();
            if (refused.isEmpty()) {
                return client;
            }
            client.close();
            assertEquals(1013, refused.get().getCloseCode().getCode(), "refused while Redis is back: " + refused.get());
            assertTrue(System.nanoTime() < deadline, "not admitted again within " + RECOVERY_BOUND);
        }
    }

    @Test
    void aModeratorOnOneNodeMutesDeletesAndKicksAMemberOnTheOther() throws Exception {
        String room = room();
        try (ChatClient mo = ChatClient.jsonWithToken(chat(a, "mo", room, null), token("mo", List.of("chat-moderator")));
                ChatClient bo = ChatClient.json(chat(b, "bo", room, null))) {
            assertTrue(mo.nextJson("welcome").getBoolean("verified"));
            bo.nextJson("welcome");
            bo.say("regrettable");
            String id = mo.nextJson("message").getString("id");

            mo.send("{\"type\":\"delete\",\"room\":\"" + room + "\",\"id\":\"" + id + "\"}");
            assertEquals(id, bo.nextJson("deleted").getString("id"));
            mo.send("{\"type\":\"mute\",\"room\":\"" + room + "\",\"name\":\"bo\",\"seconds\":60}");
            assertEquals("mute", bo.nextJson("moderation").getString("action"));
            bo.say("still talking");
            assertEquals("muted", bo.nextJson("error").getString("code"));
            mo.send("{\"type\":\"kick\",\"room\":\"" + room + "\",\"name\":\"bo\",\"reason\":\"spam\"}");

            CloseReason kicked = bo.awaitClose();
            assertEquals(List.of(4002, "spam"), List.of(kicked.getCloseCode().getCode(), kicked.getReasonPhrase()));
            assertEquals("bo", mo.nextJson("left").getString("name"));
        }
    }

    @Test
    void aBanHoldsOnEveryNodeAndASignedInUserTakesItsNameFromAGuestOnTheOther() throws Exception {
        String room = room();
        try (ChatClient mo = ChatClient.jsonWithToken(chat(a, "mo", room, null), token("mo", List.of("chat-moderator")));
                ChatClient impostor = ChatClient.json(chat(b, "ana", room, null))) {
            mo.nextJson("welcome");
            impostor.nextJson("welcome");
            try (ChatClient ana = ChatClient.jsonWithToken(chat(a, "whoever", room, null), token("ana", List.of()))) {
                assertEquals("ana", ana.nextJson("welcome").getString("you"));
                assertEquals(4001, impostor.awaitClose().getCloseCode().getCode());
            }
            mo.send("{\"type\":\"ban\",\"room\":\"" + room + "\",\"name\":\"bo\",\"seconds\":600}");
            assertEquals("ban", mo.nextJson("moderation").getString("action"));
            try (ChatClient bo = ChatClient.json(chat(b, "BO", room, null))) {
                CloseReason refused = bo.awaitClose();
                assertEquals(1008, refused.getCloseCode().getCode());
                assertTrue(refused.getReasonPhrase().startsWith("banned from #" + room + " for "), refused.getReasonPhrase());
            }
        }
    }

    private static String token(String subject, List<String> roles) {
        return Tokens.signed(SECRET, subject, java.time.Instant.now().plusSeconds(600), roles);
    }

    private static TomcatNode node() throws Exception {
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "scale-out", "node-" + NODES.incrementAndGet());
        TomcatNode.Options options = TomcatNode.Options.fromBuild(base,
                        Map.of("chat.redis.uri", redis.uri().toString(), "chat.presence.crowd", CROWD, "chat.auth.token-secret", SECRET))
                .withEnvironment(Map.of("CHAT_RELAY", "redis"))
                .withJvmOptions(List.of("-Xmx256m"));
        return TomcatNode.start(options, START);
    }

    private static String room() {
        return "scale-" + ROOMS.incrementAndGet();
    }

    private static JsonObject welcome(String you, String room, List<String> members, boolean resumed) {
        StringBuilder json = new StringBuilder("{\"type\":\"welcome\",\"you\":\"" + you + "\",\"verified\":false,\"room\":\"" + room + "\",\"members\":[");
        for (int i = 0; i < members.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(members.get(i)).append('"');
        }
        return ChatClient.parse(json.append("],\"resumed\":").append(resumed).append('}').toString());
    }

    private static EventId id(JsonObject event) {
        return EventId.parse(event.getString("id")).orElseThrow();
    }

    /** {@code GET /health/CHECK} of {@code node}: its status code and body. */
    private static String health(TomcatNode node, String check) {
        return Health.of(node.page(), check);
    }
}

package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Crowd presence on a copy of the WAR whose web.xml sets chat.presence.crowd to 10: a room is
 * crowded from its 11th member until it is down to 5. Thirty members, one of them in plain mode,
 * come and go; the welcomes, presence updates, pages and the return to one-by-one presence are
 * checked frame by frame.
 */
class PresenceIT extends DeployedChat {

    private static final String CROWDED = "crowded";

    @Deployment(name = CROWDED, managed = false, testable = false)
    static WebArchive crowdedAtTen() {
        return Deployments.builtWarWith(CROWDED, "chat.presence.crowd", "10");
    }

    @ArquillianResource
    Deployer deployer;

    private URL crowded;
    private final String room = Endpoints.freshRoom();
    private final List<ChatClient> clients = new ArrayList<>();

    @Test
    void aRoomAboveTheThresholdCountsItsMembersPagesItsListAndNamesEveryoneWhenSmallAgain() throws Exception {
        deployer.deploy(CROWDED);
        try {
            crowded = new URL(base, "/" + CROWDED + "/");
            ChatClient ana = json("ana");
            assertEquals(welcome("ana", "\"members\":[\"ana\"]"), ana.nextJson());
            ChatClient pat = connect(ChatClient.plain(Endpoints.chat(crowded, "name", "pat", "room", room)));
            assertEquals("* you are pat in #" + room + " — 2 online: ana, pat", pat.next());
            List<ChatClient> c = new ArrayList<>();
            JsonObject welcome = null;
            for (int i = 1; i <= 8; i++) {
                c.add(json(name(i)));
                welcome = c.get(i - 1).nextJson();
            }
            assertEquals(welcome("c08", "\"members\":" + names("ana", "pat", "c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08")),
                    welcome, "ten members: still small, and its welcome as it always was");
            assertEquals(joined("pat"), idAndTimeAside(ana.nextJson()));
            for (String name : names(1, 8)) {
                assertEquals(joined(name), idAndTimeAside(ana.nextJson()));
                assertEquals("* " + name + " joined", pat.next());
            }

            for (int i = 9; i <= 28; i++) {
                c.add(json(name(i)));
                assertEquals(welcome(name(i), "\"count\":" + (i + 2)), c.get(i - 1).nextJson(), "a count, no names");
            }
            List<JsonObject> updates = presenceUntilCount(ana, 30);
            assertJoinsInOrder(updates, names(9, 28));
            assertEquals(updates, presenceUntilCount(c.get(7), 30), "c08 hears the same updates");
            assertEquals(updates, presenceUntilCount(c.get(8), 30), "and so does c09, which crowded the room");
            List<String> plainUpdates = updates.stream().map(PresenceIT::plain).toList();
            assertEquals(plainUpdates, linesUntil(pat, plainUpdates.get(plainUpdates.size() - 1)), "plain: counts only");

            ChatClient asker = c.get(8);
            asker.send("{\"type\":\"members\",\"limit\":12}");
            assertEquals(page(List.of("ana", "c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09", "c10", "c11"), "\"c11\""),
                    asker.nextJson());
            asker.send("{\"type\":\"members\",\"after\":\"C11\",\"limit\":12}");
            assertEquals(page(names(12, 23), "\"c23\""), asker.nextJson());
            asker.send("{\"type\":\"members\",\"after\":\"c23\",\"limit\":12}");
            List<String> last = new ArrayList<>(names(24, 28));
            last.add("pat");
            assertEquals(page(last, "null"), asker.nextJson());
            asker.send("{\"type\":\"members\",\"limit\":0}");
            assertEquals(ChatClient.parse("{\"type\":\"error\",\"code\":\"bad_request\","
                    + "\"message\":\"\\\"limit\\\" must be a whole number from 1 to 500\"}"), asker.nextJson(), "and the connection stays");

            for (int i = 28; i >= 1; i--) {
                if (i > 5 && i < 9) {
                    continue;
                }
                c.get(i - 1).close();
            }
            JsonObject everyone = ChatClient.parse("{\"type\":\"presence\",\"room\":\"" + room
                    + "\",\"count\":5,\"members\":[\"ana\",\"pat\",\"c06\",\"c07\",\"c08\"]}");
            List<JsonObject> leaving = presenceUntil(ana, everyone);
            for (JsonObject update : leaving.subList(0, leaving.size() - 1)) {
                assertEquals(0, update.getInt("joins"), update.toString());
                assertTrue(update.getInt("count") > 5, "small again only at 5: " + update);
            }
            assertEquals(leaving, presenceUntil(c.get(7), everyone), "c08 hears the same");
            List<String> plainLines = leaving.stream().map(PresenceIT::plain).toList();
            assertEquals(plainLines, linesUntil(pat, plainLines.get(plainLines.size() - 1)));
            assertEquals("* 5 online: ana, pat, c06, c07, c08", plainLines.get(plainLines.size() - 1));

            ChatClient dee = json("dee");
            assertEquals(welcome("dee", "\"members\":" + names("ana", "pat", "c06", "c07", "c08", "dee")), dee.nextJson());
            assertEquals(joined("dee"), idAndTimeAside(ana.nextJson()), "joins come one by one again");
            assertEquals("* dee joined", pat.next());
        } finally {
            clients.forEach(ChatClient::close);
            deployer.undeploy(CROWDED);
        }
    }

    private ChatClient json(String name) throws Exception {
        return connect(ChatClient.json(Endpoints.chat(crowded, "name", name, "room", room)));
    }

    private ChatClient connect(ChatClient client) {
        clients.add(client);
        return client;
    }

    private JsonObject welcome(String you, String presence) {
        return ChatClient.parse("{\"type\":\"welcome\",\"you\":\"" + you + "\",\"verified\":false,\"room\":\"" + room + "\"," + presence
                + ",\"resumed\":false}");
    }

    /** A joined event of {@code name}, its id and time aside. */
    private JsonObject joined(String name) {
        return ChatClient.parse("{\"type\":\"joined\",\"room\":\"" + room + "\",\"name\":\"" + name + "\"}");
    }

    private static JsonObject idAndTimeAside(JsonObject event) {
        assertTrue(event.containsKey("id") && event.containsKey("at"), event.toString());
        return Json.createObjectBuilder(event).remove("id").remove("at").build();
    }

    private JsonObject page(List<String> names, String next) {
        return ChatClient.parse("{\"type\":\"members\",\"room\":\"" + room + "\",\"names\":" + json(names) + ",\"next\":" + next
                + ",\"count\":30}");
    }

    private static String name(int i) {
        return String.format("c%02d", i);
    }

    private static List<String> names(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(PresenceIT::name).toList();
    }

    private static String names(String... names) {
        return json(List.of(names));
    }

    private static String json(List<String> names) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        names.forEach(array::add);
        return array.build().toString();
    }

    /** Presence frames up to the one with {@code count}; every frame on the way must be one. */
    private static List<JsonObject> presenceUntilCount(ChatClient client, int count) {
        List<JsonObject> updates = new ArrayList<>();
        JsonObject update;
        do {
            update = client.nextJson();
            assertEquals("presence", update.getString("type"), update.toString());
            updates.add(update);
        } while (update.getInt("count") != count);
        return updates;
    }

    /** Presence frames up to {@code last}; every frame on the way must be one. */
    private static List<JsonObject> presenceUntil(ChatClient client, JsonObject last) {
        List<JsonObject> updates = new ArrayList<>();
        JsonObject update;
        do {
            update = client.nextJson();
            assertEquals("presence", update.getString("type"), update.toString());
            updates.add(update);
        } while (!update.equals(last));
        return updates;
    }

    private static List<String> linesUntil(ChatClient client, String last) {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = client.next();
            lines.add(line);
        } while (!line.equals(last));
        return lines;
    }

    /**
     * The updates name those who joined, all of them (there are fewer than 20 to a second), in
     * the order they joined, and count them: each update's count is the one before plus its joins.
     */
    private void assertJoinsInOrder(List<JsonObject> updates, List<String> joined) {
        int count = 10;
        int from = 0;
        for (JsonObject update : updates) {
            int joins = update.getInt("joins");
            count += joins;
            assertEquals(ChatClient.parse("{\"type\":\"presence\",\"room\":\"" + room + "\",\"count\":" + count + ",\"joins\":" + joins
                    + ",\"leaves\":0,\"joined\":" + json(joined.subList(from, from + joins)) + ",\"left\":[]}"), update);
            from += joins;
        }
        assertEquals(joined.size(), from);
    }

    /** An update or the list of a room small again, as plain mode writes it. */
    private static String plain(JsonObject presence) {
        if (presence.containsKey("members")) {
            return "* " + presence.getInt("count") + " online: " + String.join(", ", JsonModeIT.strings(presence.getJsonArray("members")));
        }
        List<String> changes = new ArrayList<>();
        if (presence.getInt("joins") > 0) {
            changes.add(presence.getInt("joins") + " joined");
        }
        if (presence.getInt("leaves") > 0) {
            changes.add(presence.getInt("leaves") + " left");
        }
        return "* " + presence.getInt("count") + " online: " + String.join(", ", changes);
    }
}

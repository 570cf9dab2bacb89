package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * 50 clients each send 100 messages at once: every client receives all 5,000, each sender's in
 * the order sent, and the server logs no IllegalStateException (overlapping sends on a session).
 */
class ConcurrencyIT extends DeployedChat {

    private static final int CLIENTS = 50;
    private static final int MESSAGES = 100;

    @Test
    void fiftyClientsTimesAHundredMessagesAllArriveInSenderOrder() throws Exception {
        String room = Endpoints.freshRoom();
        List<ChatClient> clients = new ArrayList<>();
        // A sender and a receiver per client, all at once.
        ExecutorService threads = Executors.newFixedThreadPool(2 * CLIENTS);
        try (ServerLog log = ServerLog.start()) {
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(welcomed(room, "c" + c));
            }
            assertEachHeardEveryoneWhoCameLater(clients);

            long start = System.nanoTime();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> sent = new ArrayList<>();
            List<Future<int[][]>> received = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                ChatClient client = clients.get(c);
                int sender = c;
                sent.add(threads.submit(() -> sayAllOnceToldTo(go, client, sender)));
                received.add(threads.submit(() -> receiveAll(client)));
            }
            go.countDown();
            for (Future<?> sender : sent) {
                sender.get(120, TimeUnit.SECONDS);
            }
            for (Future<int[][]> result : received) {
                assertAllFromEverySender(result.get(120, TimeUnit.SECONDS));
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("concurrency: %d deliveries in %d ms (%.0f deliveries/s)%n",
                    CLIENTS * CLIENTS * MESSAGES, millis, CLIENTS * CLIENTS * MESSAGES * 1000.0 / millis);
            log.assertNoLineContains(IllegalStateException.class.getName(), ServerLog.causeMarker(base),
                    "overlapping sends on a session");
        } finally {
            clients.forEach(ChatClient::close);
            threads.shutdownNow();
        }
    }

    /** A client of {@code room}, past its welcome under {@code name}. */
    private ChatClient welcomed(String room, String name) throws Exception {
        ChatClient client = ChatClient.json(Endpoints.chat(base, "name", name, "room", room));
        try {
            assertEquals(name, client.nextJson("welcome").getString("you"));
            return client;
        } catch (AssertionError | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Each client, in the order they joined, has heard the join of everyone after it. */
    private static void assertEachHeardEveryoneWhoCameLater(List<ChatClient> clients) {
        for (int c = 0; c < clients.size(); c++) {
            for (int later = c + 1; later < clients.size(); later++) {
                assertEquals("c" + later, clients.get(c).nextJson("joined").getString("name"));
            }
        }
    }

    /** Waits for {@code go}, then says "SENDER:0" … "SENDER:199" as fast as it can. */
    private static Void sayAllOnceToldTo(CountDownLatch go, ChatClient client, int sender) throws InterruptedException {
        assertTrue(go.await(30, TimeUnit.SECONDS));
        for (int i = 0; i < MESSAGES; i++) {
            client.say(sender + ":" + i);
        }
        return null;
    }

    /** A receiver got all {@value #MESSAGES} messages of every sender ({@link #receiveAll} checked their order). */
    private static void assertAllFromEverySender(int[][] perSender) {
        for (int sender = 0; sender < CLIENTS; sender++) {
            assertEquals(MESSAGES, perSender[sender][0], "messages from c" + sender);
        }
    }

    /** Reads 5,000 messages; per sender, the count, after checking each arrived in send order. */
    private static int[][] receiveAll(ChatClient client) {
        int[][] perSender = new int[CLIENTS][1];
        for (int n = 0; n < CLIENTS * MESSAGES; n++) {
            JsonObject message = client.nextJson();
            assertEquals("message", message.getString("type"));
            String[] parts = message.getString("text").split(":");
            int sender = Integer.parseInt(parts[0]);
            assertEquals(perSender[sender][0], Integer.parseInt(parts[1]), "order of c" + sender + "'s messages");
            perSender[sender][0]++;
        }
        return perSender;
    }
}

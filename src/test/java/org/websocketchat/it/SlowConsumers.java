package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.SocketException;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a test learns that the server closed a client that reads nothing 1008 "slow consumer".
 *
 * <p>The client's own view is the close frame, and it can be lost on the way: a container may
 * close the TCP connection as soon as it has queued its close frame, before the client has read
 * up to it, and a frame the client writes meanwhile (the pong that keeps a stopped reader heard)
 * then draws a reset that discards the close frame with all the client had still to read. Only
 * the server knows when it closed, so the client cannot stop writing in time. Where the
 * connection is reset, the server's own count of the slow consumers it closed must have grown by
 * exactly one instead.
 */
final class SlowConsumers {

    private static final RawClient.Close SLOW_CONSUMER = new RawClient.Close(1008, "slow consumer");
    private static final String EVICTIONS = "chat_slow_consumer_evictions_total";

    private SlowConsumers() {
    }

    /**
     * Keeps a client that reads nothing heard, so that it is taken for slow, not dead: pongs at
     * once and then every second until {@code done}, or until the server has ended the connection
     * (whether it closed it 1008 is for {@link #assertClosedAsSlow} to judge).
     */
    static Void keepHeardUntil(CountDownLatch done, RawClient client) throws InterruptedException {
        do {
            try {
                client.sendPong();
            } catch (IOException endedByTheServer) {
                return null;
            }
        } while (!done.await(1, TimeUnit.SECONDS));
        return null;
    }

    /** The server's count of slow consumers closed so far, from {@code GET /metrics}. */
    static double evictions(URL base) {
        return MetricsIT.value(ServerPages.get(base, "metrics"), EVICTIONS);
    }

    /**
     * Asserts that {@code client} was closed 1008 "slow consumer": by the close frame it reads, or,
     * where its connection was reset first, by one more eviction than {@code evictionsBefore}.
     */
    static void assertClosedAsSlow(RawClient client, URL base, double evictionsBefore) throws IOException, InterruptedException {
        try {
            assertEquals(SLOW_CONSUMER, client.awaitClose(Duration.ofSeconds(30)));
        } catch (SocketException e) {
            if (!String.valueOf(e.getMessage()).contains("reset")) {
                throw e;
            }
            double after = Poll.until(EVICTIONS + " above " + evictionsBefore, Duration.ofSeconds(15), () -> evictions(base),
                    seen -> seen > evictionsBefore);
            System.out.printf("the slow consumer's close frame was lost to a reset (%s); the server counted %s eviction(s)%n",
                    e.getMessage(), after - evictionsBefore);
            assertEquals(evictionsBefore + 1, after, "the server closed exactly one slow consumer");
        }
    }
}

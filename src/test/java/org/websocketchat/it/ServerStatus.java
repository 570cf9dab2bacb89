package org.websocketchat.it;

import java.net.URL;
import java.time.Duration;
import java.util.function.Predicate;

import jakarta.json.JsonObject;

/** The server's {@code GET /status} counts, as the tests read them. */
record ServerStatus(int connections, int rooms, long queuedBytes, long largestQueueBytes) {

    static ServerStatus of(URL base) {
        JsonObject status = ChatClient.parse(ServerPages.get(base, "status"));
        return new ServerStatus(status.getInt("connections"), status.getInt("rooms"),
                status.getJsonNumber("queuedBytes").longValue(), status.getJsonNumber("largestQueueBytes").longValue());
    }

    /**
     * Polls until the status satisfies {@code wanted}; fails with the last one seen after
     * {@code timeout}. A request that fails is asked again until then: while thousands of
     * connections are reset at once, one may be refused.
     */
    static ServerStatus await(URL base, Duration timeout, Predicate<ServerStatus> wanted) throws InterruptedException {
        return Poll.until("the wanted status", timeout, () -> of(base), wanted);
    }
}

package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's package, on a free loopback port) scrapes the deployed WAR's
 * {@code /metrics}; a PromQL query through its HTTP API sees the chat's messages counted. Skipped,
 * saying so, where Prometheus is not installed.
 */
class PrometheusIT extends DeployedChat {

    private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);
    /** Prometheus 2.42 takes about 5 s to discover a new target, whatever the interval. */
    private static final Duration DISCOVERY = Duration.ofSeconds(30);

    @Test
    void prometheusScrapesTheChatAndSeesItsMessagesCounted() throws Exception {
        String room = Endpoints.freshRoom();
        try (PrometheusServer prometheus = PrometheusServer.start(new URL(base, "metrics").toURI(), SCRAPE_INTERVAL)) {
            prometheus.awaitTargetUp(DISCOVERY);
            double before = prometheus.query("chat_messages_received_total");
            try (ChatClient ana = ChatClient.json(Endpoints.chat(base, "name", "ana", "room", room))) {
                ana.nextJson("welcome");
                for (String text : new String[] {"one", "two", "three"}) {
                    ana.say(text);
                    ana.nextMatching(frame -> frame.contains("\"text\":\"" + text + "\""));
                }
            }

            assertEquals(before + 3, prometheus.await("chat_messages_received_total", value -> value == before + 3, DISCOVERY));
            assertEquals(1.0, prometheus.query("up{job=\"chat\"}"));
            assertEquals(1.0, prometheus.query("count(chat_fanout_seconds_bucket{le=\"+Inf\"})"), "one fan-out histogram, no series per room");
        }
    }
}

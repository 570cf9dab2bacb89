package org.websocketchat.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.websocketchat.entity.ErrorCode;
import org.websocketchat.entity.Moderation;

class ChatMetricsTest {

    private final ChatMetrics metrics = new ChatMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void closesCountByCodeAndAClientsOwnCodeCountsAsOther() {
        metrics.closed(1000);
        metrics.closed(1000);
        metrics.closed(4002);
        metrics.closed(4999);
        metrics.closed(3000);

        String text = metrics.scrape();

        assertEquals(2.0, value(text, "chat_closes_total{code=\"1000\"}"));
        assertEquals(1.0, value(text, "chat_closes_total{code=\"4002\"}"));
        assertEquals(2.0, value(text, "chat_closes_total{code=\"other\"}"), "no series per code a client picks");
        assertEquals(3, Pattern.compile("(?m)^chat_closes_total\\{").matcher(text).results().count());
    }

    @Test
    void everyErrorCodeHasItsRefusalSeriesFromTheStart() {
        metrics.refused(ErrorCode.TOO_LONG);

        String text = metrics.scrape();

        assertEquals(1.0, value(text, "chat_refusals_total{reason=\"too_long\"}"));
        assertEquals(0.0, value(text, "chat_refusals_total{reason=\"rate_limited\"}"), "there before the first one, for rate()");
    }

    @Test
    void aFanOutCountsItsDeliveriesAndItsTimeInTheHistogram() {
        metrics.received();
        metrics.fannedOut(30, 200_000); // 200 µs

        String text = metrics.scrape();

        assertEquals(1.0, value(text, "chat_messages_received_total"));
        assertEquals(30.0, value(text, "chat_deliveries_total"));
        assertEquals(1.0, value(text, "chat_fanout_seconds_count"));
        assertEquals(0.0, value(text, "chat_fanout_seconds_bucket{le=\"1.0E-4\"}"));
        assertEquals(1.0, value(text, "chat_fanout_seconds_bucket{le=\"2.5E-4\"}"));
    }

    @Test
    void aModerationRequestReachesTheDashboardButNoMetricNamesAnyone() {
        metrics.moderated("lobby", "mo", new Moderation.Request(Moderation.Action.KICK, Optional.empty(), "zelda", Duration.ZERO, ""));

        assertTrue(metrics.dashboard().contains("\"name\":\"zelda\""));
        assertTrue(!metrics.scrape().contains("zelda") && !metrics.scrape().contains("lobby"));
    }

    /** The value of the series written exactly so; fails if it is absent. */
    private static double value(String text, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertTrue(line.find(), series + " in\n" + text);
        return Double.parseDouble(line.group(1));
    }
}

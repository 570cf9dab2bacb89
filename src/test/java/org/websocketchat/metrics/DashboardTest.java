package org.websocketchat.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.websocketchat.entity.Moderation;

class DashboardTest {

    private Instant now = Instant.parse("2026-12-04T06:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private int connections = 3;
    private double received = 100;
    private double deliveries = 1000;
    private double evictions = 2;
    private final Map<String, Integer> rooms = new LinkedHashMap<>();
    private final Dashboard dashboard = new Dashboard(clock, () -> connections, () -> received, () -> deliveries, () -> evictions,
            () -> rooms);

    @Test
    void aSampleTellsTheRatesOfItsIntervalAndTheFanOutP99() {
        received += 10;
        deliveries += 250;
        evictions += 1;
        for (int i = 0; i < 99; i++) {
            dashboard.fannedOut(100_000); // 100 µs
        }
        dashboard.fannedOut(10_000_000); // 10 ms, the slowest 1 %
        now = now.plus(Dashboard.EVERY);

        dashboard.sample();
        dashboard.sample();

        JsonObject first = read().getJsonArray("samples").getJsonObject(0);
        assertEquals("2026-12-04T06:00:05Z", first.getString("at"));
        assertEquals(3, first.getInt("connections"));
        assertEquals(2.0, first.getJsonNumber("messagesPerSecond").doubleValue());
        assertEquals(50.0, first.getJsonNumber("deliveriesPerSecond").doubleValue());
        assertEquals(0.128, first.getJsonNumber("fanoutP99Ms").doubleValue(), "the 128 µs bucket holds the 99th of 100");
        assertEquals(1, first.getInt("evictions"));
        JsonObject second = read().getJsonArray("samples").getJsonObject(1);
        assertEquals(0.0, second.getJsonNumber("messagesPerSecond").doubleValue());
        assertEquals(true, second.isNull("fanoutP99Ms"), "no fan-out in that interval");
    }

    @Test
    void fifteenMinutesOfSamplesAreKept() {
        for (int i = 0; i < 200; i++) {
            dashboard.sample();
        }
        assertEquals(180, read().getJsonArray("samples").size());
    }

    @Test
    void theBusiestTenRoomsComeFirstThenByName() {
        for (int i = 0; i < 12; i++) {
            rooms.put("room-" + (char) ('a' + i), i < 2 ? 1 : 5);
        }
        rooms.put("lobby", 9);

        var listed = read().getJsonArray("rooms");

        assertEquals(10, listed.size());
        assertEquals("lobby", listed.getJsonObject(0).getString("room"));
        assertEquals(9, listed.getJsonObject(0).getInt("members"));
        assertEquals("room-c", listed.getJsonObject(1).getString("room"));
    }

    @Test
    void moderationIsListedNewestFirstForAnHour() {
        dashboard.moderated("lobby", "mo", new Moderation.Request(Moderation.Action.KICK, Optional.of("lobby"), "bo", Duration.ZERO, "spam"));
        now = now.plus(Duration.ofMinutes(30));
        dashboard.moderated("dev", "mo", new Moderation.Request(Moderation.Action.MUTE, Optional.empty(), "cy", Duration.ofSeconds(300), ""));

        var listed = read().getJsonArray("moderation");
        assertEquals(2, listed.size());
        JsonObject mute = listed.getJsonObject(0);
        assertEquals("dev", mute.getString("room"));
        assertEquals("mute", mute.getString("action"));
        assertEquals("cy", mute.getString("name"));
        assertEquals(300, mute.getInt("seconds"));
        assertEquals(false, mute.containsKey("reason"));
        assertEquals("spam", listed.getJsonObject(1).getString("reason"));

        now = now.plus(Duration.ofMinutes(31));
        assertEquals(1, read().getJsonArray("moderation").size(), "the kick is over an hour old");
    }

    private JsonObject read() {
        try (var reader = Json.createReader(new StringReader(dashboard.json()))) {
            return reader.readObject();
        }
    }
}

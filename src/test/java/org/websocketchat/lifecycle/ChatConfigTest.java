package org.websocketchat.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.CrowdRule;
import org.websocketchat.control.Limits;
import org.websocketchat.control.RestrictedRooms;

class ChatConfigTest {

    private static final UnaryOperator<String> NONE = key -> null;

    private static UnaryOperator<String> from(Map<String, String> values) {
        return values::get;
    }

    private static ChatConfig contextParams(Map<String, String> values) {
        return ChatConfig.load(from(values), NONE, NONE);
    }

    private static ChatConfig systemProperties(Map<String, String> values) {
        return ChatConfig.load(NONE, from(values), NONE);
    }

    private static ChatConfig environment(Map<String, String> values) {
        return ChatConfig.load(NONE, NONE, from(values));
    }

    private static String failure(Runnable load) {
        return assertThrows(IllegalArgumentException.class, load::run).getMessage();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        ChatConfig config = ChatConfig.defaults();

        assertEquals(Set.of(), config.allowedOrigins());
        assertFalse(config.anyOrigin());
        assertEquals(50, config.historySize());
        assertTrue(config.plainEscapeHtml());
        assertEquals(new Limits(2000, 10, 20, 50, 1000, 1_048_576, Duration.ofSeconds(30), Duration.ofSeconds(75), 10_000, 20),
                config.limits());
        assertEquals(new CrowdRule(100), config.crowd());
    }

    @Test
    void everyKeyCanBeSet() {
        ChatConfig config = systemProperties(Map.ofEntries(
                Map.entry("chat.allowed-origins", "https://a.example"),
                Map.entry("chat.history.size", "7"),
                Map.entry("chat.plain.escape-html", "false"),
                Map.entry("chat.max-text-length", "500"),
                Map.entry("chat.rate.per-second", "2.5"),
                Map.entry("chat.rate.burst", "4"),
                Map.entry("chat.rate.close-after", "9"),
                Map.entry("chat.outbox.max-frames", "30"),
                Map.entry("chat.outbox.max-bytes", "65536"),
                Map.entry("chat.heartbeat.interval", "2s"),
                Map.entry("chat.heartbeat.timeout", "8s"),
                Map.entry("chat.max-connections", "150"),
                Map.entry("chat.presence.crowd", "30")));

        assertEquals(Set.of("https://a.example"), config.allowedOrigins());
        assertEquals(7, config.historySize());
        assertFalse(config.plainEscapeHtml());
        assertEquals(new Limits(500, 2.5, 4, 9, 30, 65_536, Duration.ofSeconds(2), Duration.ofSeconds(8), 150, 20), config.limits());
        assertEquals(new CrowdRule(30), config.crowd());
    }

    @Test
    void aCrowdThresholdOfZeroFailsNamingTheRange() {
        assertEquals("Invalid configuration: chat.presence.crowd = '0' (from system property chat.presence.crowd): "
                + "expected a whole number from 1 to 10000000",
                failure(() -> systemProperties(Map.of("chat.presence.crowd", "0"))));
    }

    @Test
    void aContextParamOverridesTheDefault() {
        assertEquals(40, contextParams(Map.of("chat.history.size", "40")).historySize());
    }

    @Test
    void aSystemPropertyOverridesAContextParam() {
        ChatConfig config = ChatConfig.load(from(Map.of("chat.history.size", "40")), from(Map.of("chat.history.size", "30")), NONE);

        assertEquals(30, config.historySize());
    }

    @Test
    void anEnvironmentVariableOverridesBoth() {
        ChatConfig config = ChatConfig.load(from(Map.of("chat.history.size", "40")), from(Map.of("chat.history.size", "30")),
                from(Map.of("CHAT_HISTORY_SIZE", "20")));

        assertEquals(20, config.historySize());
    }

    @Test
    void environmentVariableNamesAreUpperCaseWithUnderscoresForDotsAndHyphens() {
        ChatConfig config = environment(Map.of(
                "CHAT_RATE_PER_SECOND", "3",
                "CHAT_MAX_CONNECTIONS", "5",
                "CHAT_PLAIN_ESCAPE_HTML", "false",
                "CHAT_ALLOWED_ORIGINS", "*"));

        assertEquals(3.0, config.limits().ratePerSecond());
        assertEquals(5, config.limits().maxConnections());
        assertFalse(config.plainEscapeHtml());
        assertTrue(config.anyOrigin());
    }

    @Test
    void environmentVariablesAreNotLookedUpByTheirPropertyName() {
        assertEquals(50, environment(Map.of("chat.history.size", "20")).historySize());
    }

    @Test
    void valuesAreTrimmed() {
        assertEquals(40, systemProperties(Map.of("chat.history.size", " 40 ")).historySize());
        assertFalse(systemProperties(Map.of("chat.plain.escape-html", " FALSE ")).plainEscapeHtml());
    }

    @Test
    void durationsTakeMillisecondsSecondsMinutesAndHours() {
        assertEquals(Duration.ofMillis(500), interval("500ms", "1s"));
        assertEquals(Duration.ofSeconds(30), interval("30s", "1m"));
        assertEquals(Duration.ofMinutes(5), interval("5m", "6m"));
        assertEquals(Duration.ofHours(1), interval("1h", "2h"));
    }

    private static Duration interval(String interval, String timeout) {
        return systemProperties(Map.of("chat.heartbeat.interval", interval, "chat.heartbeat.timeout", timeout)).limits().heartbeatInterval();
    }

    @Test
    void aBadValueNamesTheKeyTheValueAndTheSystemProperty() {
        assertEquals("Invalid configuration: chat.history.size = 'lots' (from system property chat.history.size): "
                + "expected a whole number from 0 to 100000",
                failure(() -> systemProperties(Map.of("chat.history.size", "lots"))));
    }

    @Test
    void aBadTokenSecretIsNamedButNeverShown() {
        assertEquals("Invalid configuration: chat.auth.token-secret = (hidden, 11 characters) (from environment variable"
                + " CHAT_AUTH_TOKEN_SECRET): an HS256 secret needs at least 32 bytes, got 11",
                failure(() -> environment(Map.of("CHAT_AUTH_TOKEN_SECRET", "hunter2-abc"))));
    }

    @Test
    void restrictedRoomsAndTokensAreOffUnlessSet() {
        assertEquals(RestrictedRooms.NONE, ChatConfig.defaults().access().restricted());
        assertFalse(ChatConfig.defaults().tokens().accepted());
        ChatConfig config = systemProperties(Map.of("chat.rooms.restricted", "staff:chat-staff",
                "chat.auth.token-secret", "0123456789abcdef0123456789abcdef"));
        assertEquals(RestrictedRooms.parse("staff:chat-staff"), config.access().restricted());
        assertTrue(config.tokens().accepted());
    }

    @Test
    void aPublicKeyFileThatCannotBeReadFailsNamingTheKey() {
        String message = failure(() -> systemProperties(Map.of("chat.auth.token-public-key", "/nonexistent/key.pem")));
        assertTrue(message.startsWith("Invalid configuration: chat.auth.token-public-key = '/nonexistent/key.pem' (from system"
                + " property chat.auth.token-public-key): cannot read the file"), message);
    }

    @Test
    void aBadValueNamesTheEnvironmentVariable() {
        assertEquals("Invalid configuration: chat.history.size = '-1' (from environment variable CHAT_HISTORY_SIZE): "
                + "expected a whole number from 0 to 100000",
                failure(() -> environment(Map.of("CHAT_HISTORY_SIZE", "-1"))));
    }

    @Test
    void aBadValueNamesTheContextParam() {
        assertEquals("Invalid configuration: chat.max-connections = '0' (from context-param chat.max-connections): "
                + "expected a whole number from 1 to 10000000",
                failure(() -> contextParams(Map.of("chat.max-connections", "0"))));
    }

    @Test
    void theSourceNamedIsTheOneThatWon() {
        assertEquals("Invalid configuration: chat.rate.burst = 'many' (from environment variable CHAT_RATE_BURST): "
                + "expected a whole number from 1 to 1000000",
                failure(() -> ChatConfig.load(from(Map.of("chat.rate.burst", "5")), from(Map.of("chat.rate.burst", "6")),
                        from(Map.of("CHAT_RATE_BURST", "many")))));
    }

    @Test
    void theMessageShowsTheValueAsGiven() {
        assertEquals("Invalid configuration: chat.history.size = ' 100001 ' (from system property chat.history.size): "
                + "expected a whole number from 0 to 100000",
                failure(() -> systemProperties(Map.of("chat.history.size", " 100001 "))));
    }

    @Test
    void rangesOfTheNumericKeys() {
        assertEquals("Invalid configuration: chat.max-text-length = '4097' (from system property chat.max-text-length): "
                + "expected a whole number from 1 to 4096",
                failure(() -> systemProperties(Map.of("chat.max-text-length", "4097"))));
        assertEquals(4096, systemProperties(Map.of("chat.max-text-length", "4096")).limits().maxTextLength());
        assertEquals("Invalid configuration: chat.outbox.max-bytes = '16383' (from system property chat.outbox.max-bytes): "
                + "expected a whole number from 16384 to 2147483647",
                failure(() -> systemProperties(Map.of("chat.outbox.max-bytes", "16383"))));
        assertEquals(0, systemProperties(Map.of("chat.history.size", "0")).historySize());
    }

    @Test
    void theRateMustBeAPositiveNumber() {
        assertEquals("Invalid configuration: chat.rate.per-second = '0' (from system property chat.rate.per-second): "
                + "expected a number above 0 and at most 1000000",
                failure(() -> systemProperties(Map.of("chat.rate.per-second", "0"))));
        assertEquals("Invalid configuration: chat.rate.per-second = 'fast' (from system property chat.rate.per-second): "
                + "expected a number above 0 and at most 1000000",
                failure(() -> systemProperties(Map.of("chat.rate.per-second", "fast"))));
        assertEquals("Invalid configuration: chat.rate.per-second = 'NaN' (from system property chat.rate.per-second): "
                + "expected a number above 0 and at most 1000000",
                failure(() -> systemProperties(Map.of("chat.rate.per-second", "NaN"))));
    }

    @Test
    void aBooleanIsTrueOrFalse() {
        assertEquals("Invalid configuration: chat.plain.escape-html = 'yes' (from context-param chat.plain.escape-html): "
                + "expected true or false",
                failure(() -> contextParams(Map.of("chat.plain.escape-html", "yes"))));
    }

    @Test
    void aDurationNeedsAUnit() {
        assertEquals("Invalid configuration: chat.heartbeat.interval = '30' (from system property chat.heartbeat.interval): "
                + "expected a duration such as 500ms, 30s, 5m, 1h or 30d",
                failure(() -> systemProperties(Map.of("chat.heartbeat.interval", "30"))));
        assertEquals("Invalid configuration: chat.heartbeat.timeout = '1.5s' (from environment variable CHAT_HEARTBEAT_TIMEOUT): "
                + "expected a duration such as 500ms, 30s, 5m, 1h or 30d",
                failure(() -> environment(Map.of("CHAT_HEARTBEAT_TIMEOUT", "1.5s"))));
    }

    @Test
    void aDurationIsAtLeastAHundredMilliseconds() {
        assertEquals("Invalid configuration: chat.heartbeat.interval = '99ms' (from system property chat.heartbeat.interval): "
                + "expected at least 100ms",
                failure(() -> systemProperties(Map.of("chat.heartbeat.interval", "99ms"))));
    }

    @Test
    void theHeartbeatTimeoutMustBeLongerThanTheInterval() {
        assertEquals("Invalid configuration: chat.heartbeat.timeout (5000 ms) must be longer than chat.heartbeat.interval (5000 ms)",
                failure(() -> systemProperties(Map.of("chat.heartbeat.interval", "5s", "chat.heartbeat.timeout", "5s"))));
        assertEquals("Invalid configuration: chat.heartbeat.timeout (75000 ms) must be longer than chat.heartbeat.interval (120000 ms)",
                failure(() -> systemProperties(Map.of("chat.heartbeat.interval", "2m"))));
    }

    @Test
    void allowedOriginsAreParsedTrimmedAndLowerCased() {
        ChatConfig config = systemProperties(Map.of("chat.allowed-origins",
                " HTTPS://Chat.Example.com , http://localhost:3000,, null "));

        assertEquals(Set.of("https://chat.example.com", "http://localhost:3000", "null"), config.allowedOrigins());
        assertFalse(config.anyOrigin());
    }

    @Test
    void aStarAllowsAnyOrigin() {
        ChatConfig config = systemProperties(Map.of("chat.allowed-origins", "*"));

        assertEquals(Set.of("*"), config.allowedOrigins());
        assertTrue(config.anyOrigin());
    }

    @Test
    void somethingThatIsNotAnHttpOriginIsRejected() {
        assertEquals("Invalid configuration: chat.allowed-origins = 'ftp://x' (from system property chat.allowed-origins): "
                + "'ftp://x' is not an origin such as https://chat.example.com, null or *",
                failure(() -> systemProperties(Map.of("chat.allowed-origins", "ftp://x"))));
        assertEquals("Invalid configuration: chat.allowed-origins = 'https://ok.example, example.com' "
                + "(from system property chat.allowed-origins): 'example.com' is not an origin such as https://chat.example.com, null or *",
                failure(() -> systemProperties(Map.of("chat.allowed-origins", "https://ok.example, example.com"))));
        assertEquals("Invalid configuration: chat.allowed-origins = 'https://chat.example.com/' "
                + "(from system property chat.allowed-origins): 'https://chat.example.com/' is not an origin such as https://chat.example.com, null or *",
                failure(() -> systemProperties(Map.of("chat.allowed-origins", "https://chat.example.com/"))));
    }

    @Test
    void theRelayIsInJvmUnlessRedisIsChosen() {
        assertEquals(new ChatConfig.InJvm(), ChatConfig.defaults().relay());
        assertEquals(new ChatConfig.Redis(URI.create("redis://127.0.0.1:6379")),
                environment(Map.of("CHAT_RELAY", "redis")).relay());
        assertEquals(new ChatConfig.Redis(URI.create("redis://cache.internal:6380")),
                environment(Map.of("CHAT_RELAY", "REDIS", "CHAT_REDIS_URI", "redis://cache.internal:6380")).relay());
        assertEquals(new ChatConfig.Redis(URI.create("rediss://cache.internal")),
                systemProperties(Map.of("chat.relay", "redis", "chat.redis.uri", "rediss://cache.internal")).relay());
    }

    @Test
    void aBadRelayOrRedisUriFailsNamingKeyAndValue() {
        assertEquals("Invalid configuration: chat.relay = 'kafka' (from environment variable CHAT_RELAY): expected in-jvm or redis",
                failure(() -> environment(Map.of("CHAT_RELAY", "kafka"))));
        assertEquals("Invalid configuration: chat.redis.uri = 'http://cache:6379' (from system property chat.redis.uri): "
                + "expected a Redis URI such as redis://127.0.0.1:6379",
                failure(() -> systemProperties(Map.of("chat.relay", "redis", "chat.redis.uri", "http://cache:6379"))));
        assertEquals("Invalid configuration: chat.redis.uri = 'redis://' (from context-param chat.redis.uri): "
                + "expected a Redis URI such as redis://127.0.0.1:6379",
                failure(() -> contextParams(Map.of("chat.redis.uri", "redis://"))));
    }

    @Test
    void theRedisUriIsLoggedWithoutItsPassword() {
        ChatConfig config = environment(Map.of("CHAT_RELAY", "redis", "CHAT_REDIS_URI", "redis://chat:s3cret@cache:6379"));

        assertEquals("Redis[redis://cache:6379]", config.relay().toString());
        assertFalse(config.toString().contains("s3cret"), config.toString());
    }

    @Test
    void theStoreIsMemoryUnlessJdbcIsChosenWithTheDataSourceAndRetentionGiven() {
        assertEquals(new ChatConfig.Memory(), ChatConfig.defaults().store());
        assertEquals(new ChatConfig.Jdbc("java:comp/env/jdbc/chat", Optional.empty()), environment(Map.of("CHAT_STORE", "jdbc")).store());
        assertEquals(new ChatConfig.Jdbc("java:/ChatDS", Optional.of(Duration.ofDays(30))), systemProperties(Map.of("chat.store", "JDBC",
                "chat.store.datasource", "java:/ChatDS", "chat.store.retention", "30d")).store());
        assertEquals(new ChatConfig.Jdbc("java:comp/env/jdbc/chat", Optional.of(Duration.ofHours(12))),
                contextParams(Map.of("chat.store", "jdbc", "chat.store.retention", "12h")).store());
    }

    @Test
    void aDatabaseMayStandBehindRedis() {
        ChatConfig config = systemProperties(Map.of("chat.store", "jdbc", "chat.relay", "redis"));
        assertEquals(new ChatConfig.Jdbc("java:comp/env/jdbc/chat", Optional.empty()), config.store());
        assertEquals(new ChatConfig.Redis(URI.create("redis://127.0.0.1:6379")), config.relay());
    }

    @Test
    void aStoreSettingThatDoesNotParseFailsNamingIt() {
        assertEquals("Invalid configuration: chat.store = 'postgres' (from environment variable CHAT_STORE): expected memory or jdbc",
                failure(() -> environment(Map.of("CHAT_STORE", "postgres"))));
        assertEquals("Invalid configuration: chat.store.retention = '30 days' (from system property chat.store.retention): expected a"
                + " duration such as 500ms, 30s, 5m, 1h or 30d", failure(() -> systemProperties(Map.of("chat.store.retention", "30 days"))));
        assertEquals("Invalid configuration: chat.store.datasource = 'jdbc/my chat' (from system property chat.store.datasource): expected"
                + " a JNDI name such as java:comp/env/jdbc/chat", failure(() -> systemProperties(Map.of("chat.store.datasource", "jdbc/my chat"))));
    }
}

package org.websocketchat.lifecycle;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.websocketchat.boundary.BearerTokens;
import org.websocketchat.control.Access;
import org.websocketchat.control.CrowdRule;
import org.websocketchat.control.Guests;
import org.websocketchat.control.Limits;
import org.websocketchat.control.RestrictedRooms;

/**
 * The settings, read once at start-up. Each key is looked up as a {@code web.xml} context-param
 * {@code chat.x.y}, overridden by the system property {@code chat.x.y}, overridden by the
 * environment variable {@code CHAT_X_Y}; where none is set, the default of its {@link Setting}
 * applies (the WAR's own {@code web.xml} sets none). A value that does not parse or is out of
 * range fails the deployment with a message that names the key, the value and where it came from.
 *
 * @param allowedOrigins origins allowed besides the endpoint's own; {@code *} allows any
 * @param historySize    messages each room keeps for newcomers and {@code since} resume
 * @param plainEscapeHtml whether plain mode escapes {@code & < > " '} (the seed page uses innerHTML)
 * @param crowd          above how many members a room's presence is coalesced
 * @param guests         what a client the container has not signed in may do
 * @param access         rooms only the members of a container role may join, and the moderators' role
 * @param tokens         the signed tokens accepted in place of a container sign-in
 * @param relay          where rooms' events are ordered and kept: in this JVM, or in Redis for several nodes
 * @param drain          how long a shutdown takes to close every client, in batches spread over it
 * @param store          where messages are kept beyond the rooms' memory: nowhere, or a database
 */
public record ChatConfig(Set<String> allowedOrigins, int historySize, boolean plainEscapeHtml, Limits limits, CrowdRule crowd,
        Guests guests, Access access, BearerTokens tokens, RelayChoice relay, Duration drain, StoreChoice store) {

    public static final String ALLOWED_ORIGINS = "chat.allowed-origins";
    public static final String HISTORY_SIZE = "chat.history.size";
    public static final String PLAIN_ESCAPE_HTML = "chat.plain.escape-html";
    public static final String MAX_TEXT_LENGTH = "chat.max-text-length";
    public static final String RATE_PER_SECOND = "chat.rate.per-second";
    public static final String RATE_BURST = "chat.rate.burst";
    public static final String RATE_CLOSE_AFTER = "chat.rate.close-after";
    public static final String OUTBOX_MAX_FRAMES = "chat.outbox.max-frames";
    public static final String OUTBOX_MAX_BYTES = "chat.outbox.max-bytes";
    public static final String HEARTBEAT_INTERVAL = "chat.heartbeat.interval";
    public static final String HEARTBEAT_TIMEOUT = "chat.heartbeat.timeout";
    public static final String MAX_CONNECTIONS = "chat.max-connections";
    public static final String MAX_ROOMS_PER_CONNECTION = "chat.max-rooms-per-connection";
    public static final String PRESENCE_CROWD = "chat.presence.crowd";
    public static final String GUESTS = "chat.guests";
    public static final String ROOMS_RESTRICTED = "chat.rooms.restricted";
    public static final String ROLES_MODERATOR = "chat.roles.moderator";
    public static final String AUTH_TOKEN_SECRET = "chat.auth.token-secret";
    public static final String AUTH_TOKEN_PUBLIC_KEY = "chat.auth.token-public-key";
    public static final String RELAY = "chat.relay";
    public static final String REDIS_URI = "chat.redis.uri";
    public static final String SHUTDOWN_DRAIN = "chat.shutdown.drain";
    public static final String STORE = "chat.store";
    public static final String STORE_DATASOURCE = "chat.store.datasource";
    public static final String STORE_RETENTION = "chat.store.retention";

    /** The store of {@value #STORE}: {@code memory} (each room's last {@value #HISTORY_SIZE} messages) or {@code jdbc}. */
    public sealed interface StoreChoice {
    }

    /** Messages live in the rooms' memory alone, and a restart forgets them. */
    public record Memory() implements StoreChoice {
    }

    /**
     * Every message is written to the database of the container's DataSource at JNDI name
     * {@code dataSource}, and purged after {@code retention} if one is set.
     */
    public record Jdbc(String dataSource, Optional<Duration> retention) implements StoreChoice {
    }

    /** The relay of {@value #RELAY}: {@code in-jvm} (one node) or {@code redis} (several nodes sharing rooms). */
    public sealed interface RelayChoice {
    }

    /** Every room lives in this JVM; no Redis is needed. */
    public record InJvm() implements RelayChoice {
    }

    /** Rooms are shared with other nodes through the Redis at {@code uri}. */
    public record Redis(URI uri) implements RelayChoice {

        /** Without the user information, which may hold a password: this is logged. */
        @Override
        public String toString() {
            return "Redis[" + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "]";
        }
    }

    public ChatConfig {
        allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /** The defaults of {@link Setting}, as if nothing were configured. */
    public static ChatConfig defaults() {
        return load(key -> null, key -> null, key -> null);
    }

    /** Reads every {@link Setting} from the three sources; the later ones win. */
    public static ChatConfig load(UnaryOperator<String> contextParams, UnaryOperator<String> systemProperties,
            UnaryOperator<String> environment) {
        Reader read = new Reader(contextParams, systemProperties, environment);
        Duration interval = read.value(Setting.HEARTBEAT_INTERVAL, Values::duration);
        Duration timeout = read.value(Setting.HEARTBEAT_TIMEOUT, Values::duration);
        if (timeout.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("Invalid configuration: " + HEARTBEAT_TIMEOUT + " (" + timeout.toMillis()
                    + " ms) must be longer than " + HEARTBEAT_INTERVAL + " (" + interval.toMillis() + " ms)");
        }
        Limits limits = new Limits(
                read.whole(Setting.MAX_TEXT_LENGTH),
                read.value(Setting.RATE_PER_SECOND, text -> Values.positive(text, 1_000_000)),
                read.whole(Setting.RATE_BURST),
                read.whole(Setting.RATE_CLOSE_AFTER),
                read.whole(Setting.OUTBOX_MAX_FRAMES),
                read.whole(Setting.OUTBOX_MAX_BYTES),
                interval,
                timeout,
                read.whole(Setting.MAX_CONNECTIONS),
                read.whole(Setting.MAX_ROOMS_PER_CONNECTION));
        return new ChatConfig(
                read.value(Setting.ALLOWED_ORIGINS, Values::origins),
                read.whole(Setting.HISTORY_SIZE),
                read.value(Setting.PLAIN_ESCAPE_HTML, Values::bool),
                limits,
                new CrowdRule(read.whole(Setting.PRESENCE_CROWD)),
                read.value(Setting.GUESTS, Guests::of),
                new Access(read.value(Setting.ROOMS_RESTRICTED, RestrictedRooms::parse),
                        read.value(Setting.ROLES_MODERATOR, role -> new Access(RestrictedRooms.NONE, role).moderatorRole())),
                tokens(read),
                relay(read),
                read.value(Setting.SHUTDOWN_DRAIN, Values::duration),
                store(read));
    }

    /** The data source and retention are checked whichever store is chosen, so a typo shows before it matters. */
    private static StoreChoice store(Reader read) {
        String dataSource = read.value(Setting.STORE_DATASOURCE, Values::jndiName);
        Optional<Duration> retention = read.value(Setting.STORE_RETENTION,
                text -> text.isEmpty() ? Optional.<Duration>empty() : Optional.of(Values.duration(text)));
        return read.value(Setting.STORE, text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "memory" -> new Memory();
            case "jdbc" -> new Jdbc(dataSource, retention);
            default -> throw new IllegalArgumentException("expected memory or jdbc");
        });
    }

    /** Each key is checked on its own, so that an error names the one at fault. */
    private static BearerTokens tokens(Reader read) {
        String secret = read.value(Setting.AUTH_TOKEN_SECRET, text -> {
            BearerTokens.of(text, "");
            return text;
        });
        String publicKey = read.value(Setting.AUTH_TOKEN_PUBLIC_KEY, path -> {
            String pem = path.isEmpty() ? "" : readFile(path);
            BearerTokens.of("", pem);
            return pem;
        });
        return BearerTokens.of(secret, publicKey);
    }

    private static String readFile(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.US_ASCII);
        } catch (IOException | InvalidPathException e) {
            throw new IllegalArgumentException("cannot read the file: " + e.getMessage());
        }
    }

    /** The URI is checked whichever relay is chosen, so a typo shows before it matters. */
    private static RelayChoice relay(Reader read) {
        URI redis = read.value(Setting.REDIS_URI, Values::redisUri);
        return read.value(Setting.RELAY, text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "in-jvm" -> new InJvm();
            case "redis" -> new Redis(redis);
            default -> throw new IllegalArgumentException("expected in-jvm or redis");
        });
    }

    /** Whether {@code *} is among the allowed origins. */
    public boolean anyOrigin() {
        return allowedOrigins.contains("*");
    }

    /** Finds each key in the sources, last one first, and names the one it used in errors. */
    private record Reader(UnaryOperator<String> contextParams, UnaryOperator<String> systemProperties,
            UnaryOperator<String> environment) {

        <T> T value(Setting setting, Function<String, T> parse) {
            String key = setting.key();
            String envName = setting.environmentVariable();
            String value;
            String source;
            if ((value = environment.apply(envName)) != null) {
                source = "environment variable " + envName;
            } else if ((value = systemProperties.apply(key)) != null) {
                source = "system property " + key;
            } else if ((value = contextParams.apply(key)) != null) {
                source = "context-param " + key;
            } else {
                value = setting.fallback();
                source = "default";
            }
            try {
                return parse.apply(value.strip());
            } catch (IllegalArgumentException e) {
                String shown = setting.secret() ? "(hidden, " + value.length() + " characters)" : "'" + value + "'";
                throw new IllegalArgumentException("Invalid configuration: " + key + " = " + shown + " (from " + source
                        + "): " + e.getMessage(), e);
            }
        }

        /** A whole-number setting, within the range it declares. */
        int whole(Setting setting) {
            return value(setting, text -> Values.whole(text, setting.min(), setting.max()));
        }
    }


}

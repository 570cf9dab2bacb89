package org.websocketchat.lifecycle;

import java.util.Locale;

import org.websocketchat.control.CrowdRule;
import org.websocketchat.control.Limits;

/**
 * Every setting of the chat: its key, its default and what it means, written here once.
 * {@link ChatConfig#load} reads each of them, and the README's "Configure" table must list exactly
 * these, with these defaults and meanings ({@code ReadmeConfigurationTest} fails otherwise). A
 * whole-number setting also carries the range it accepts, which both the check of a value and
 * the documented meaning take from here.
 */
enum Setting {

    ALLOWED_ORIGINS(ChatConfig.ALLOWED_ORIGINS, "",
            "comma-separated origins allowed besides the endpoint's own; * allows any, null a page opened from disk"),
    HISTORY_SIZE(ChatConfig.HISTORY_SIZE, "50", 0, 100_000,
            "messages each room keeps for newcomers and since resume"),
    PLAIN_ESCAPE_HTML(ChatConfig.PLAIN_ESCAPE_HTML, "true",
            "escape & < > \" ' in plain mode"),
    MAX_TEXT_LENGTH(ChatConfig.MAX_TEXT_LENGTH, "2000", 1, Limits.MAX_FRAME_BYTES / 4,
            "characters in one message"),
    RATE_PER_SECOND(ChatConfig.RATE_PER_SECOND, "10",
            "messages per second a connection earns; a fraction such as 0.5 is allowed"),
    RATE_BURST(ChatConfig.RATE_BURST, "20", 1, 1_000_000,
            "messages a connection may send at once"),
    RATE_CLOSE_AFTER(ChatConfig.RATE_CLOSE_AFTER, "50", 1, 1_000_000,
            "rate-limited messages in a row before the connection is closed 1008"),
    OUTBOX_MAX_FRAMES(ChatConfig.OUTBOX_MAX_FRAMES, "1000", 1, 10_000_000,
            "frames queued for one client before it is closed as a slow consumer"),
    OUTBOX_MAX_BYTES(ChatConfig.OUTBOX_MAX_BYTES, "1048576", Limits.MAX_FRAME_BYTES, Integer.MAX_VALUE,
            "bytes queued for one client before it is closed as a slow consumer"),
    HEARTBEAT_INTERVAL(ChatConfig.HEARTBEAT_INTERVAL, "30s",
            "how often each connection is pinged (500ms, 30s, 5m, 1h)"),
    HEARTBEAT_TIMEOUT(ChatConfig.HEARTBEAT_TIMEOUT, "75s",
            "time without an answered ping after which a client is closed: as dead (1001) if nothing at all was heard"
                    + " from it, as a slow consumer (1008) if it still wrote; longer than the interval"),
    MAX_CONNECTIONS(ChatConfig.MAX_CONNECTIONS, "10000", 1, 10_000_000,
            "open connections; the next one is closed 1013"),
    MAX_ROOMS_PER_CONNECTION(ChatConfig.MAX_ROOMS_PER_CONNECTION, "20", 1, 1000,
            "rooms one connection may be in at once (JSON mode's join); one more is refused with error too_many_rooms"),
    PRESENCE_CROWD(ChatConfig.PRESENCE_CROWD, Integer.toString(CrowdRule.DEFAULT_THRESHOLD), 1, 10_000_000,
            "members above which a room is crowded: its joins and leaves are counted in one presence update a second"
                    + " instead of sent one by one, and its welcome counts the members instead of naming them; small again"
                    + " at half this or fewer (see Protocol)"),
    GUESTS(ChatConfig.GUESTS, "allow",
            "what a client the container has not signed in may do: allow (chat), read-only (read; a message is answered"
                    + " with error forbidden), deny (closed 1008 at the door)"),
    ROOMS_RESTRICTED(ChatConfig.ROOMS_RESTRICTED, "",
            "rooms only members of a container role may join, as room:role pairs (staff:chat-staff,ops:chat-ops); anyone"
                    + " else is closed 1008 at the door"),
    ROLES_MODERATOR(ChatConfig.ROLES_MODERATOR, "chat-moderator",
            "the container role (or token role) that may kick, mute, ban, unban and delete (see Security); declare it in"
                    + " web.xml where the container maps roles"),
    AUTH_TOKEN_SECRET(ChatConfig.AUTH_TOKEN_SECRET, "",
            "accept signed tokens (HS256) made with this secret, at least 32 bytes, in place of a container sign-in (see"
                    + " Security); never logged; empty: none"),
    AUTH_TOKEN_PUBLIC_KEY(ChatConfig.AUTH_TOKEN_PUBLIC_KEY, "",
            "accept signed tokens made with the private key of this PEM public key file (RS256 for RSA, ES256 for EC P-256);"
                    + " empty: none"),
    RELAY(ChatConfig.RELAY, "in-jvm",
            "in-jvm: one server, nothing else needed; redis: several servers share rooms through Redis (see Scale-out)"),
    REDIS_URI(ChatConfig.REDIS_URI, "redis://127.0.0.1:6379",
            "the Redis of chat.relay=redis (redis:// or rediss://, user and password as redis://user:secret@host:6379;"
                    + " the password is never logged); checked even when unused"),
    SHUTDOWN_DRAIN(ChatConfig.SHUTDOWN_DRAIN, "10s",
            "on shutdown or undeploy, the time over which clients are closed 1001 in even batches, so that they do not all"
                    + " reconnect elsewhere in the same second; new clients are turned away and /health/ready is 503 from the start"),
    STORE(ChatConfig.STORE, "memory",
            "memory: each room keeps its last chat.history.size messages, and a restart forgets them; jdbc: every message is"
                    + " stored in a database before anyone is sent it, for scrollback and resume across restarts (see History)"),
    STORE_DATASOURCE(ChatConfig.STORE_DATASOURCE, "java:comp/env/jdbc/chat",
            "the JNDI name of the container's DataSource for chat.store=jdbc (the WAR declares resource-ref jdbc/chat)"),
    STORE_RETENTION(ChatConfig.STORE_RETENTION, "",
            "with chat.store=jdbc, how long messages are kept (30d, 12h); purged in the background; empty: for ever");

    private final String key;
    private final String fallback;
    private final String meaning;
    /** The range of a whole-number setting; {@code min > max} for any other. */
    private final int min;
    private final int max;

    Setting(String key, String fallback, String meaning) {
        this(key, fallback, 1, 0, meaning);
    }

    Setting(String key, String fallback, int min, int max, String meaning) {
        this.key = key;
        this.fallback = fallback;
        this.min = min;
        this.max = max;
        this.meaning = meaning;
    }

    /** The context-param and system property name, {@code chat.x.y}. */
    String key() {
        return key;
    }

    /** {@code chat.x-y.z} as {@code CHAT_X_Y_Z}. */
    String environmentVariable() {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value used when no source sets one, as it would be written there. */
    String fallback() {
        return fallback;
    }

    /** A value that must not appear in any message or log. */
    boolean secret() {
        return this == AUTH_TOKEN_SECRET;
    }

    boolean isWholeNumber() {
        return min <= max;
    }

    int min() {
        return min;
    }

    int max() {
        return max;
    }

    /** One line for the README, with the range of a whole-number setting. */
    String meaning() {
        return isWholeNumber() ? meaning + " (" + min + "–" + max + ")" : meaning;
    }
}

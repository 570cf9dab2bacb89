package org.websocketchat.it;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** The chat endpoint's address, derived from the deployment's base URL, and fresh room names. */
public final class Endpoints {

    private static final AtomicInteger ROOMS = new AtomicInteger();

    private Endpoints() {
    }

    /** {@code ws://host:port/context/chat?query}; {@code query} is name=value pairs, or empty. */
    public static URI chat(URL base, String... query) {
        StringBuilder uri = new StringBuilder("ws://").append(base.getHost()).append(':').append(base.getPort())
                .append(base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/").append("chat");
        for (int i = 0; i + 1 < query.length; i += 2) {
            uri.append(i == 0 ? '?' : '&').append(query[i]).append('=')
                    .append(URLEncoder.encode(query[i + 1], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return URI.create(uri.toString());
    }

    /** A room no other test uses, so tests cannot see each other's traffic. */
    public static String freshRoom() {
        return "t" + ROOMS.incrementAndGet() + "-" + ThreadLocalRandom.current().nextInt(1_000_000);
    }
}

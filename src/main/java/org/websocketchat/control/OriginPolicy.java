package org.websocketchat.control;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser pages may open a connection. Allowed: clients that send no {@code Origin}
 * (non-browser clients), a page served by this endpoint's own host ({@code Origin} matches
 * {@code Host}), and the configured list, where {@code *} allows any and {@code null} a page
 * opened from disk. Browsers always send {@code Origin}, so this is what stops another site's
 * page from chatting with its visitors' cookies.
 */
public final class OriginPolicy {

    private final Set<String> allowed;

    /** {@code allowed}: lower-case origins, {@code *} or {@code null}. */
    public OriginPolicy(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    /** Whether the origin is allowed whatever the Host: absent, listed, or any allowed. */
    public boolean allowsOnAnyHost(String origin) {
        return origin == null || allowed.contains("*") || allowed.contains(origin.strip().toLowerCase(Locale.ROOT));
    }

    /** Whether a handshake with these {@code Origin} and {@code Host} headers may proceed. */
    public boolean allows(String origin, String host) {
        return allowsOnAnyHost(origin) || sameHost(origin, host);
    }

    private static boolean sameHost(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI page = URI.create(origin.strip());
            URI server = URI.create(page.getScheme() + "://" + host.strip());
            return page.getHost() != null
                    && page.getHost().equalsIgnoreCase(server.getHost())
                    && port(page) == port(server);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) || "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}

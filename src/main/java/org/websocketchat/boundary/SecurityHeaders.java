package org.websocketchat.boundary;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Puts the browser's defences on every HTTP response of the WAR, error pages included (it is
 * mapped for the error dispatch too): a Content-Security-Policy that lets the page load only its
 * own script and style and connect only to its own origin and that origin's WebSocket endpoint,
 * never in a frame; no MIME sniffing; no referrer sent elsewhere. A WebSocket handshake passes
 * untouched: its answer is an upgrade, not a document.
 *
 * <p>It must never throw, like {@link OriginGate}: Liberty marks a filter that threw unavailable
 * for good.
 */
public final class SecurityHeaders implements Filter {

    /** A {@code Host} header that may be written into the policy as it is: a name or address, and a port. */
    private static final Pattern PLAIN_HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    static final String FIXED_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse reply
                && !"websocket".equalsIgnoreCase(http.getHeader("Upgrade"))) {
            reply.setHeader("Content-Security-Policy", policy(http.getHeader("Host")));
            reply.setHeader("X-Content-Type-Options", "nosniff");
            reply.setHeader("Referrer-Policy", "no-referrer");
        }
        chain.doFilter(request, response);
    }

    /**
     * The policy for a page asked for through {@code host}. {@code connect-src 'self'} covers
     * {@code ws:} and {@code wss:} on the same host only in browsers that follow CSP Level 3, so
     * the endpoint's origins are named too, where the {@code Host} header is plain enough to write
     * into a header as it is.
     */
    static String policy(String host) {
        String connect = host != null && PLAIN_HOST.matcher(host).matches()
                ? "connect-src 'self' ws://" + host + " wss://" + host
                : "connect-src 'self'";
        return FIXED_POLICY + "; " + connect;
    }
}

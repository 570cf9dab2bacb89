package org.websocketchat.boundary;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers 403 to a WebSocket handshake on {@code /chat} from an origin the policy refuses, on
 * every container. JSR 356 only lets {@link ChatConfigurator#checkOrigin} say no; what the
 * container then answers is its own choice: Tomcat answers 403, but Undertow (WildFly) treats the
 * refused handshake as "no WebSocket endpoint here" and passes the request down the filter
 * chain, where it would end as a 404. This filter sits in that chain: a refused handshake that
 * reaches it gets its 403. Where the container runs its WebSocket upgrade after the
 * application's filters, this filter refuses first, with the same answer. An accepted
 * handshake is upgraded by the container and never gets here, or passes through untouched.
 *
 * <p>It must never throw: Liberty marks a filter that threw unavailable and answers 503 from
 * then on ({@link OriginCheck#allows} does not throw, even while the chat is not running).
 */
public final class OriginGate implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse reply
                && "websocket".equalsIgnoreCase(http.getHeader("Upgrade"))
                && !OriginCheck.allows(http.getHeader("Origin"), http.getHeader("Host"))) {
            reply.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        chain.doFilter(request, response);
    }
}

package org.websocketchat.boundary;

import java.util.Optional;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Makes the {@code Host} header of the request being handled visible to
 * {@link ChatConfigurator#checkOrigin}, which JSR 356 hands the {@code Origin} alone. The
 * container runs the request listener and the handshake on the same thread in practice; where
 * one does not, {@link #current()} is empty and the configurator decides later, in
 * {@code modifyHandshake}, at the cost of a close 1008 instead of a 403.
 */
public final class HandshakeHost implements ServletRequestListener {

    private static final ThreadLocal<String> HOST = new ThreadLocal<>();

    static Optional<String> current() {
        return Optional.ofNullable(HOST.get());
    }

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        if (event.getServletRequest() instanceof HttpServletRequest request) {
            HOST.set(request.getHeader("Host"));
        }
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        HOST.remove();
    }
}

package org.websocketchat.boundary;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;

import org.websocketchat.control.Limits;

/**
 * The defaults every session of this web application is born with, set on the container's
 * {@link ServerContainer}, which is per web application: no other is touched.
 *
 * <ul>
 * <li>No idle timeout (0: never, as JSR 356 defines it): the heartbeat ends silent connections,
 * with a close code and a presence update. Tyrus (GlassFish, Payara) would otherwise cancel and
 * reschedule a timer task on every frame in or out, in the server's managed scheduled executor,
 * where the cancelled tasks wait until they fall due and each logs a stack trace once the
 * application is undeployed. It must be the default rather than set in {@code @OnOpen}: Tyrus
 * schedules an idle check when it creates a session ({@link SessionPeer} only clears a timeout a
 * container set anyway).</li>
 * <li>Small message buffers ({@link Limits#TEXT_BUFFER_CHARS}): the endpoint takes messages in
 * parts, so the buffer each connection holds for its whole life need not hold a whole message.</li>
 * </ul>
 */
public final class ContainerDefaults {

    private ContainerDefaults() {
    }

    /**
     * Whether frames the client has room for should go out through the blocking send
     * (docs/containers.md, 27): where the container hands every async completion to a thread of
     * its pool, Tomcat, that spares a hand-off per frame per member. Elsewhere the async send stays:
     * Jetty completes it in place, and Tyrus makes a blocking send wait for its own queue and for
     * write callbacks that run on the very threads a broadcast would hold.
     */
    public static boolean directWritesPay(ServletContext context) {
        return context.getServerInfo().startsWith("Apache Tomcat");
    }

    public static void apply(ServletContext context) {
        if (context.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container) {
            container.setDefaultMaxSessionIdleTimeout(0);
            container.setDefaultMaxTextMessageBufferSize(Limits.TEXT_BUFFER_CHARS);
            container.setDefaultMaxBinaryMessageBufferSize(Limits.BINARY_BUFFER_BYTES);
        }
    }
}

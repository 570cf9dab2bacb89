package org.websocketchat.boundary;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;

import jakarta.websocket.Session;

/**
 * How a failure reported to {@code @OnError} is logged. A vanished client is routine, and so is a
 * client that breaks the protocol (a frame over the size limit, invalid UTF-8): the container has
 * already closed it with the right code. Containers report those differently: Tomcat as
 * IOExceptions, Jetty as its own runtime exceptions. So what decides is where the failure arose:
 * in this application's code it is a bug worth a WARNING; otherwise DEBUG, or any client could
 * fill the log with stack traces. Nothing reaches the client.
 */
final class EndpointErrors {

    private static final Logger LOG = System.getLogger(ChatEndpoint.class.getName());
    private static final String APPLICATION_PACKAGE = "org.websocketchat.";

    private EndpointErrors() {
    }

    static void log(Session session, Throwable failure) {
        Level level = failure instanceof IOException || !raisedByTheApplication(failure) ? Level.DEBUG : Level.WARNING;
        LOG.log(level, "WebSocket error on session " + session.getId(), failure);
    }

    private static boolean raisedByTheApplication(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith(APPLICATION_PACKAGE)) {
                    return true;
                }
            }
        }
        return false;
    }
}

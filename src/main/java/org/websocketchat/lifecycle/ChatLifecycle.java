package org.websocketchat.lifecycle;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.server.ServerContainer;

import org.websocketchat.control.Limits;

/**
 * Starts the {@link ChatApplication} with the web application and closes it when the web
 * application stops, so every client gets close 1001 on shutdown or undeploy. A bad setting
 * throws here, which fails the deployment with the message of {@link ChatConfig#load}.
 *
 * <p>The message is also logged here: containers report a listener that throws each in their
 * own way (Tomcat logs it through java.util.logging; Jetty through SLF4J, which logs nothing
 * unless a provider is installed), and the operator must find the key and value in the log
 * wherever the WAR runs.
 */
public final class ChatLifecycle implements ServletContextListener {

    private static final Logger LOG = System.getLogger(ChatLifecycle.class.getName());

    private ChatApplication app;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        ChatConfig config;
        try {
            config = ChatConfig.load(context::getInitParameter, System::getProperty, System::getenv);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "websocket-chat not started: {0}", e.getMessage());
            throw e;
        }
        app = ChatApplication.start(config);
        // No container idle timeout (0: never, as JSR 356 defines it): the heartbeat ends silent
        // connections, with a close code and a presence update. Tyrus (GlassFish, Payara) would
        // otherwise cancel and reschedule a timer task on every frame in or out, in the server's
        // managed scheduled executor, and the cancelled tasks wait there until they fall due:
        // after an undeploy each of them logged a stack trace, 75,000 in 15 s (75 MB) in one test
        // run on GlassFish. Sessions are born with the default rather than given it in @OnOpen:
        // Tyrus schedules an idle check when it creates a session. The container is per web
        // application, so this touches no other.
        // The message buffers each session is born with (see Limits.TEXT_BUFFER_CHARS): the
        // endpoint takes messages in parts, so they need not hold a whole message.
        if (context.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container) {
            container.setDefaultMaxSessionIdleTimeout(0);
            container.setDefaultMaxTextMessageBufferSize(Limits.TEXT_BUFFER_CHARS);
            container.setDefaultMaxBinaryMessageBufferSize(Limits.BINARY_BUFFER_BYTES);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (app != null) {
            app.close();
        }
    }
}

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
        // Sessions are born with this idle timeout, rather than given it in @OnOpen: Tyrus
        // (GlassFish, Payara) schedules an idle check with the container's default (0: now) when
        // it creates a session, and if that check runs only after @OnOpen has set a timeout, it
        // closes the brand-new session "because of the idle timeout". The container is per web
        // application, so this touches no other application.
        // The message buffers each session is born with (see Limits.TEXT_BUFFER_CHARS): the
        // endpoint takes messages in parts, so they need not hold a whole message.
        if (context.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container) {
            container.setDefaultMaxSessionIdleTimeout(app.idleTimeout().toMillis());
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

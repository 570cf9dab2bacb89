package org.websocketchat.lifecycle;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import org.websocketchat.boundary.ContainerDefaults;

/**
 * Starts the {@link ChatApplication} with the web application and closes it when the web
 * application stops, so every client gets close 1001 on shutdown or undeploy. A bad setting
 * throws here, which fails the deployment with the message of {@link ChatConfig#load}.
 *
 * <p>The message is also logged here: containers report a listener that throws each in their
 * own way, some not at all unless their logging is configured (docs/containers.md), and the
 * operator must find the key and value in the log wherever the WAR runs.
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
        app = ChatApplication.start(config, ContainerDefaults.directWritesPay(context));
        ContainerDefaults.apply(context);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (app != null) {
            app.close();
        }
    }
}

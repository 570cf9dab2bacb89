package org.websocketchat.lifecycle;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Starts the {@link ChatApplication} with the web application and closes it when the web
 * application stops, so every client gets close 1001 on shutdown or undeploy. A bad setting
 * throws here, which fails the deployment with the message of {@link ChatConfig#load}.
 */
public final class ChatLifecycle implements ServletContextListener {

    private ChatApplication app;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        ChatConfig config = ChatConfig.load(context::getInitParameter, System::getProperty, System::getenv);
        app = ChatApplication.start(config);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (app != null) {
            app.close();
        }
    }
}

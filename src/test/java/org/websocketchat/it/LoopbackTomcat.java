package org.websocketchat.it;

import java.lang.reflect.Field;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.event.container.AfterStart;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Keeps the embedded Tomcat of the {@code tomcat11} and {@code tomcat10} profiles on 127.0.0.1, and
 * gives it the test users ({@link TestUsers}).
 * Their adapter (arquillian-tomcat-embedded-10 1.2.0.Final) passes {@code bindAddress} to Tomcat
 * only as the host's name and never sets the connector's address, so Tomcat listens on every
 * interface. Right after the container starts, before anything is deployed, this replaces that
 * connector with one on the same port bound to 127.0.0.1. The adapter gives no earlier hook, so
 * the first connector is open on all interfaces for the few milliseconds in between.
 *
 * <p>Reflection, because Tomcat's classes are on the test class path only in those two
 * profiles; with any other container this does nothing.
 */
public final class LoopbackTomcat implements LoadableExtension {

    private static final String ADAPTER = "org.jboss.arquillian.container.tomcat.embedded.Tomcat10EmbeddedContainer";
    private static final String CONNECTOR = "org.apache.catalina.connector.Connector";

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Rebind.class);
    }

    public static final class Rebind {

        public void afterStart(@Observes AfterStart event) throws ReflectiveOperationException {
            DeployableContainer<?> container = event.getDeployableContainer();
            if (!container.getClass().getName().equals(ADAPTER)) {
                return;
            }
            Field field = container.getClass().getDeclaredField("tomcat");
            field.setAccessible(true);
            Object tomcat = field.get(container);
            Object service = tomcat.getClass().getMethod("getService").invoke(tomcat);
            Object old = tomcat.getClass().getMethod("getConnector").invoke(tomcat);
            Class<?> connectorClass = Class.forName(CONNECTOR, true, tomcat.getClass().getClassLoader());
            int port = (int) connectorClass.getMethod("getPort").invoke(old);
            service.getClass().getMethod("removeConnector", connectorClass).invoke(service, old);
            // Removing stops the connector; its socket, bound at init, is released only here.
            connectorClass.getMethod("destroy").invoke(old);
            Object loopback = connectorClass.getConstructor(String.class).newInstance("HTTP/1.1");
            connectorClass.getMethod("setPort", int.class).invoke(loopback, port);
            connectorClass.getMethod("setProperty", String.class, String.class).invoke(loopback, "address", "127.0.0.1");
            service.getClass().getMethod("addConnector", connectorClass).invoke(service, loopback);
            tomcat.getClass().getMethod("setConnector", connectorClass).invoke(tomcat, loopback);
            addTestUsers(tomcat);
        }

        /**
         * The test users, in the realm embedded Tomcat gives its engine ({@code Tomcat.addUser},
         * {@code addRole}): the user store a deployed WAR signs in against, as a server's
         * {@code tomcat-users.xml} would be.
         */
        private static void addTestUsers(Object tomcat) throws ReflectiveOperationException {
            for (TestUsers user : TestUsers.values()) {
                tomcat.getClass().getMethod("addUser", String.class, String.class).invoke(tomcat, user.user, user.password);
                for (String role : user.roles) {
                    tomcat.getClass().getMethod("addRole", String.class, String.class).invoke(tomcat, user.user, role);
                }
            }
        }
    }
}

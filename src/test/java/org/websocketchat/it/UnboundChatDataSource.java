package org.websocketchat.it;

import javax.naming.LinkRef;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.event.container.AfterStart;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Binds {@code jdbc/chat} to nothing in the embedded Jetty of the {@code jetty12} profile, as a
 * Jetty operator without a database must (docs/containers.md, rule 36). Jetty 12 refuses to start
 * a WAR whose {@code resource-ref} resolves to no naming entry ("Nothing to bind for name
 * jdbc/chat"), and the WAR declares {@code jdbc/chat} for {@code chat.store=jdbc}; the tests run
 * with the default {@code chat.store=memory}, with no DataSource, as on every other container.
 * The entry, JVM-scoped, is a link to a name that does not exist: the WAR deploys, and a lookup of
 * {@code java:comp/env/jdbc/chat} fails with {@code NameNotFoundException}.
 *
 * <p>Reflection, because Jetty's classes are on the test class path only in that profile; with
 * any other container this does nothing.
 */
public final class UnboundChatDataSource implements LoadableExtension {

    private static final String ADAPTER = "org.jboss.arquillian.container.jetty.embedded_12_ee10.JettyEmbeddedContainer";
    private static final String RESOURCE = "org.eclipse.jetty.plus.jndi.Resource";

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Bind.class);
    }

    public static final class Bind {

        public void afterStart(@Observes AfterStart event) throws ReflectiveOperationException {
            DeployableContainer<?> container = event.getDeployableContainer();
            if (!container.getClass().getName().equals(ADAPTER)) {
                return;
            }
            Class<?> resource = Class.forName(RESOURCE, true, container.getClass().getClassLoader());
            resource.getConstructor(String.class, Object.class)
                    .newInstance("jdbc/chat", new LinkRef("java:comp/env/jdbc/chat-not-configured"));
        }
    }
}

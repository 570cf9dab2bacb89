package org.websocketchat.it;

import java.net.URL;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every integration test class shares: the built WAR, deployed once per class and tested
 * from outside ({@code testable = false}), and its base URL.
 */
@ExtendWith(ArquillianExtension.class)
abstract class DeployedChat {

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    URL base;
}

package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Undeploying the application closes every client with 1001 (going away). The application
 * undeployed is a second copy of the built WAR, at its own context root next to the one every
 * test class gets, whose URL says where the container listens: no container's port is assumed.
 */
class UndeployIT extends DeployedChat {

    private static final String NAME = "undeployed";

    @Deployment(name = NAME, managed = false, testable = false)
    static WebArchive undeployed() {
        return Deployments.builtWarNamed(NAME);
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void everyClientGets1001OnUndeploy() throws Exception {
        deployer.deploy(NAME);
        List<ChatClient> clients = new ArrayList<>();
        try {
            URL undeployed = new URL(base, "/" + NAME + "/");
            clients.add(ChatClient.plain(Endpoints.chat(undeployed, "room", "a")));
            clients.add(ChatClient.json(Endpoints.chat(undeployed, "room", "a")));
            clients.add(ChatClient.json(Endpoints.chat(undeployed, "room", "b")));
            for (ChatClient client : clients) {
                client.next();
            }
            deployer.undeploy(NAME);
            for (ChatClient client : clients) {
                assertEquals(1001, client.awaitClose().getCloseCode().getCode());
            }
        } finally {
            clients.forEach(ChatClient::close);
        }
    }
}

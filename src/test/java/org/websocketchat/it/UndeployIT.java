package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Undeploying the application closes every client with 1001 (going away). */
@ExtendWith(ArquillianExtension.class)
class UndeployIT {

    private static final String NAME = "undeployed";

    @Deployment(name = NAME, managed = false, testable = false)
    static WebArchive war() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void everyClientGets1001OnUndeploy() throws Exception {
        deployer.deploy(NAME);
        List<ChatClient> clients = new ArrayList<>();
        try {
            URL base = new URL("http://127.0.0.1:" + System.getProperty("container.http.port") + "/" + Deployments.CONTEXT + "/");
            clients.add(ChatClient.plain(Endpoints.chat(base, "room", "a")));
            clients.add(ChatClient.json(Endpoints.chat(base, "room", "a")));
            clients.add(ChatClient.json(Endpoints.chat(base, "room", "b")));
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

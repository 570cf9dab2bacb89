package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.websocket.CloseReason;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The connection cap, on a copy of the WAR whose web.xml caps it at 150 (the tests' shared
 * deployment keeps the default of 10,000, which ResilienceIT needs). A fresh application has no
 * other clients, so the count is exact: 150 are admitted, the 151st is closed 1013.
 */
class ConnectionCapIT extends DeployedChat {

    private static final String CAPPED = "capped";
    private static final int CAP = 150;

    @Deployment(name = CAPPED, managed = false, testable = false)
    static WebArchive capped() {
        return Deployments.builtWarWith(CAPPED, "chat.max-connections", Integer.toString(CAP));
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void theConnectionCapClosesTheNextClient1013() throws Exception {
        deployer.deploy(CAPPED);
        List<ChatClient> crowd = new ArrayList<>();
        try {
            URL capped = new URL(base, "/" + CAPPED + "/");
            String room = Endpoints.freshRoom();
            for (int i = 0; i < CAP; i++) {
                // The first two share a room, to show that those admitted still chat.
                ChatClient client = ChatClient.json(Endpoints.chat(capped, "room", i < 2 ? room : Endpoints.freshRoom()));
                crowd.add(client);
                assertEquals(Optional.empty(), client.welcomedOrClosed().map(CloseReason::toString), "client " + i + " admitted");
            }
            ChatClient refused = ChatClient.json(Endpoints.chat(capped, "room", room));
            crowd.add(refused);
            refused.assertClosed(1013, "server full, try again later");
            crowd.remove(refused);

            ChatClient first = crowd.get(0);
            ChatClient second = crowd.get(1);
            first.nextJson("welcome");
            second.nextJson("welcome");
            first.say("still room for us");
            assertEquals("still room for us", second.nextJson("message").getString("text"));

            crowd.remove(crowd.size() - 1).close();
            ChatClient again = ChatClient.awaitWelcomed(() -> ChatClient.json(Endpoints.chat(capped, "room", room)));
            crowd.add(again);
            assertEquals("welcome", again.nextJson().getString("type"), "room again once one has left");
        } finally {
            crowd.forEach(ChatClient::close);
            deployer.undeploy(CAPPED);
        }
    }
}

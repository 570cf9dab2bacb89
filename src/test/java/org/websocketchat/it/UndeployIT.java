package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

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
    /** A name of its own: a second deployment of one name in one Jetty finds the first (docs/containers.md). */
    private static final String DRAINED = "drained";

    @Deployment(name = NAME, managed = false, testable = false)
    static WebArchive undeployed() {
        return Deployments.builtWarNamed(NAME);
    }

    @Deployment(name = DRAINED, managed = false, testable = false)
    static WebArchive drained() {
        return Deployments.builtWarNamed(DRAINED);
    }

    /** Clients of the draining undeploy: as many as the check, in rooms below the crowd threshold. */
    private static final int CROWD = 2000;
    private static final int ROOMS = 40;
    /** The default chat.shutdown.drain, which the tests' settings leave alone. */
    private static final Duration DRAIN = Duration.ofSeconds(10);

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

    @Test
    void anUndeploySpreadsTheClosesOfTwoThousandClientsOverTheDrain() throws Exception {
        deployer.deploy(DRAINED);
        List<ChatClient> clients = new ArrayList<>();
        try {
            URL undeployed = new URL(base, "/" + DRAINED + "/");
            for (int i = 0; i < CROWD; i++) {
                ChatClient client = ChatClient.plain(Endpoints.chat(undeployed, "room", "drain-" + i % ROOMS));
                client.next();
                clients.add(client);
            }
            long started = System.nanoTime();
            deployer.undeploy(DRAINED);
            Duration undeploy = Duration.ofNanos(System.nanoTime() - started);

            for (ChatClient client : clients) {
                assertEquals(1001, client.awaitClose(DRAIN.plusSeconds(5)).getCloseCode().getCode());
            }
            long first = clients.stream().mapToLong(ChatClient::closedAt).min().orElseThrow();
            Map<Long, Long> perSecond = clients.stream().collect(Collectors.groupingBy(
                    client -> (client.closedAt() - first) / 1_000_000_000L, TreeMap::new, Collectors.counting()));
            long busiest = perSecond.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            System.out.println("UndeployIT: " + CROWD + " clients closed over the drain, per second " + perSecond + "; undeploy took "
                    + undeploy.toMillis() + " ms");
            assertTrue(busiest <= CROWD / 5, "closes per second: " + perSecond + ", reasons: "
                    + clients.stream().map(client -> client.awaitClose().getReasonPhrase()).distinct().toList());
            assertTrue(undeploy.compareTo(DRAIN.plusSeconds(5)) <= 0, "the undeploy took " + undeploy.toMillis() + " ms");
        } finally {
            clients.forEach(ChatClient::close);
        }
    }
}

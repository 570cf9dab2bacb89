package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.websocketchat.node.PostgresNode;

/**
 * {@code chat.store=jdbc} in a managed server whose DataSource its profile configured as
 * docs/containers.md tells an operator (WildFly: added by the CLI; Open Liberty: a
 * {@code dataSource} in {@code server.xml}), pointing at a real PostgreSQL that this class starts
 * on the port the build reserved ({@code chat.it.postgres.port}) with the password the profile
 * gave the DataSource. The WAR with the store is undeployed and deployed again: the application's
 * memory is gone, and what a newcomer reads can only come from the database. A server process
 * stopped and started, and a database that stops answering, are StoreIT's, on Tomcat 11.
 */
@EnabledIfSystemProperty(named = "chat.it.postgres", matches = "true",
        disabledReason = "this profile gives its server no PostgreSQL DataSource (docs/containers.md)")
class ContainerStoreIT extends DeployedChat {

    private static final String NAME = "store-jdbc";
    /** {@code CHAT_HISTORY_SIZE}, which every test profile sets and which wins over the WAR's settings. */
    private static final int MEMORY = 20;
    private static final int SENT = MEMORY + 4;

    private static PostgresNode postgres;

    @Deployment(name = NAME, managed = false, testable = false)
    static WebArchive jdbc() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("chat.store", "jdbc");
        params.put("chat.store.datasource", System.getProperty("chat.it.datasource"));
        return Deployments.builtWarWith(NAME, params);
    }

    @ArquillianResource
    Deployer deployer;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = PostgresNode.start(Integer.getInteger("chat.it.postgres.port"), System.getProperty("chat.it.postgres.password"));
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (postgres != null) { // null when it could not start: that failure is the one to see
            postgres.close();
        }
    }

    @Test
    void messagesOutliveARedeployAndANewcomerScrollsBackPastTheMemoryWindow() throws Exception {
        List<String> sent = IntStream.rangeClosed(1, SENT).mapToObj(i -> "m" + i).toList();
        List<String> ids = new ArrayList<>();
        deployer.deploy(NAME);
        try (ChatClient ana = ChatClient.json(chat("ana", null))) {
            ana.nextJson("welcome");
            for (String text : sent) {
                ana.send("{\"type\":\"say\",\"text\":\"" + text + "\"}");
                ids.add(ana.nextJson("message").getString("id"));
            }
        } finally {
            deployer.undeploy(NAME);
        }
        assertEquals(sent, postgres.column("SELECT body FROM chat_message WHERE room = 'lobby' ORDER BY epoch, seq"), "every message in PostgreSQL, in order");

        deployer.deploy(NAME);
        try (ChatClient bo = ChatClient.json(chat("bo", null))) {
            assertEquals(false, bo.nextJson("welcome").getBoolean("resumed"));
            assertEquals(sent.subList(SENT - MEMORY, SENT), Texts.next(bo, MEMORY), "the newest, from the database");

            bo.send("{\"type\":\"history\",\"before\":\"" + ids.get(SENT - MEMORY) + "\",\"limit\":50}");
            JsonObject page = bo.nextJson("history");
            assertEquals(sent.subList(0, SENT - MEMORY), Texts.of(page), "older than the memory window");
            assertEquals(false, page.getBoolean("more"));

            try (ChatClient cy = ChatClient.json(chat("cy", ids.get(1)))) {
                assertEquals(true, cy.nextJson("welcome").getBoolean("resumed"), "since is an id the database holds");
                assertEquals(sent.subList(2, SENT), Texts.next(cy, SENT - 2));
            }
        } finally {
            deployer.undeploy(NAME);
        }
    }

    private URI chat(String name, String since) throws Exception {
        URL app = new URL(base, "/" + NAME + "/");
        return since == null ? Endpoints.chat(app, "name", name) : Endpoints.chat(app, "name", name, "since", since);
    }
}

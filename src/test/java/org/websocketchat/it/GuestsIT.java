package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * {@code chat.guests} as deployed. No test profile signs anyone in yet, so every client here is
 * a guest: under {@code read-only} it reads and its messages are refused, under {@code deny} it is
 * closed at the door. Each policy is a copy of the built WAR with the context-param set.
 */
class GuestsIT extends DeployedChat {

    private static final String READ_ONLY = "guests-read-only";
    private static final String DENY = "guests-deny";

    @Deployment(name = READ_ONLY, managed = false, testable = false)
    static WebArchive readOnly() {
        return Deployments.builtWarWith(READ_ONLY, "chat.guests", "read-only");
    }

    @Deployment(name = DENY, managed = false, testable = false)
    static WebArchive deny() {
        return Deployments.builtWarWith(DENY, "chat.guests", "deny");
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void aReadOnlyGuestReadsButItsMessageIsRefusedForbiddenAndReachesNobody() throws Exception {
        deployer.deploy(READ_ONLY);
        URL readOnly = new URL(base, "/" + READ_ONLY + "/");
        try (ChatClient ana = ChatClient.json(Endpoints.chat(readOnly, "name", "ana"))) {
            ana.nextJson("welcome");
            try (ChatClient bo = ChatClient.plain(Endpoints.chat(readOnly, "name", "bo"))) {
                bo.next();
                assertEquals("bo", ana.nextJson("joined").getString("name"));

                ana.say("hello");
                JsonObject refused = ana.nextJson();
                bo.send("hi");

                assertEquals("error", refused.getString("type"), "the answer, and nothing before it");
                assertEquals("forbidden", refused.getString("code"));
                assertEquals("guests may only read here: sign in to chat", refused.getString("message"));
                assertEquals("! guests may only read here: sign in to chat", bo.next());
                // The next frame ana gets answers its own request, so nothing came in between:
                // neither its message nor bo's reached the room.
                ana.send("{\"type\":\"members\"}");
                assertEquals("members", ana.nextJson().getString("type"));
            }
        } finally {
            deployer.undeploy(READ_ONLY);
        }
    }

    @Test
    void whereGuestsAreDeniedAGuestIsClosed1008AtTheDoor() throws Exception {
        deployer.deploy(DENY);
        try (ChatClient mallory = ChatClient.json(Endpoints.chat(new URL(base, "/" + DENY + "/"), "name", "mallory"))) {
            mallory.assertClosed(1008, "sign in first: guests may not connect here");
        } finally {
            deployer.undeploy(DENY);
        }
    }
}

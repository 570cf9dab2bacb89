package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code chat.rooms.restricted} as deployed, with the roles the container's user store gives
 * ({@link TestUsers}): {@code #mods} is for role {@code chat-moderator} only. The role is read at
 * the handshake, through {@code HandshakeRequest.isUserInRole}.
 */
class RestrictedRoomsIT extends DeployedChat {

    private static final String RESTRICTED = "rooms-restricted";
    private static final String REASON = "#mods is restricted to role chat-moderator";

    @Deployment(name = RESTRICTED, managed = false, testable = false)
    static WebArchive restricted() {
        return Deployments.builtWarWith(RESTRICTED, "chat.rooms.restricted", "mods:chat-moderator");
    }

    @ArquillianResource
    Deployer deployer;

    private URL chat;

    @BeforeEach
    void deploy() throws Exception {
        deployer.deploy(RESTRICTED);
        chat = new URL(base, "/" + RESTRICTED + "/");
    }

    @AfterEach
    void undeploy() {
        deployer.undeploy(RESTRICTED);
    }

    @Test
    void aMemberOfTheRoleJoinsTheRestrictedRoom() throws Exception {
        Map<String, String> mo = FormLogin.signedIn(chat, TestUsers.MO);
        try (ChatClient client = ChatClient.jsonWith(Endpoints.chat(chat, "room", "mods"), mo)) {
            JsonObject welcome = client.nextJson("welcome");
            assertEquals("mo", welcome.getString("you"));
            assertEquals("mods", welcome.getString("room"));
        }
    }

    @Test
    void aSignedInUserWithoutTheRoleAndAGuestAreClosed1008AtTheDoorAndMayUseOtherRooms() throws Exception {
        Map<String, String> ana = FormLogin.signedIn(chat, TestUsers.ANA);
        try (ChatClient signedIn = ChatClient.jsonWith(Endpoints.chat(chat, "room", "mods"), ana);
                ChatClient guest = ChatClient.json(Endpoints.chat(chat, "name", "mo", "room", "mods"))) {
            for (ChatClient refused : new ChatClient[] {signedIn, guest}) {
                CloseReason close = refused.awaitClose();
                assertEquals(1008, close.getCloseCode().getCode());
                assertEquals(REASON, close.getReasonPhrase());
            }
        }
        try (ChatClient elsewhere = ChatClient.jsonWith(Endpoints.chat(chat, "room", Endpoints.freshRoom()), ana)) {
            assertTrue(elsewhere.nextJson("welcome").getBoolean("verified"));
        }
    }
}

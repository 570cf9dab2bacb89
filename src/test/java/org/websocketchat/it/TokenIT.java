package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Instant;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Signed tokens for sites that sign users in elsewhere: a copy of the WAR with
 * {@code chat.auth.token-secret} set, and tokens signed here, offered as the subprotocol
 * {@code bearer.<token>} beside {@code chat.v1}.
 */
class TokenIT extends DeployedChat {

    private static final String TOKENS = "tokens";
    private static final String SECRET = "it-secret-it-secret-it-secret-it-secret";

    @Deployment(name = TOKENS, managed = false, testable = false)
    static WebArchive tokens() {
        return Deployments.builtWarWith(TOKENS, "chat.auth.token-secret", SECRET);
    }

    @ArquillianResource
    Deployer deployer;

    private static String token(String secret, String subject, Instant expires) {
        return Tokens.signed(secret, subject, expires, List.of());
    }

    @Test
    void aValidTokenSignsInAndAnExpiredOrForgedOneIsClosed1008AndNoneIsLogged() throws Exception {
        String valid = token(SECRET, "ana", Instant.now().plusSeconds(600));
        String expired = token(SECRET, "ana", Instant.now().minusSeconds(600));
        String forged = token("not-the-secret-not-the-secret-not-the-secret", "ana", Instant.now().plusSeconds(600));
        deployer.deploy(TOKENS);
        try (ServerLog log = ServerLog.start()) {
            URL chat = new URL(base, "/" + TOKENS + "/");
            String room = Endpoints.freshRoom();
            try (ChatClient signedIn = ChatClient.jsonWithToken(Endpoints.chat(chat, "name", "mallory", "room", room), valid)) {
                JsonObject welcome = signedIn.nextJson("welcome");
                assertEquals("ana", welcome.getString("you"));
                assertTrue(welcome.getBoolean("verified"));
                assertEquals("chat.v1", signedIn.subprotocol(), "the token is never the negotiated subprotocol");
            }
            assertClosed("token expired", ChatClient.jsonWithToken(Endpoints.chat(chat, "room", room), expired));
            assertClosed("token not accepted", ChatClient.jsonWithToken(Endpoints.chat(chat, "room", room), forged));

            String marker = ServerLog.causeMarker(base);
            for (String token : List.of(valid, expired, forged)) {
                // A token's signature is in every copy of it, whole or cut after its payload.
                log.assertNoLineContains(token.substring(token.lastIndexOf('.') + 1), marker, "a token in the server's log");
            }
        } finally {
            deployer.undeploy(TOKENS);
        }
    }

    @Test
    void whereNoTokensAreAcceptedOneOfferedIsClosed1008() throws Exception {
        assertClosed("tokens are not accepted here", ChatClient.jsonWithToken(Endpoints.chat(base, "room", Endpoints.freshRoom()),
                token(SECRET, "ana", Instant.now().plusSeconds(600))));
    }

    private static void assertClosed(String reason, ChatClient client) {
        try (client) {
            CloseReason close = client.awaitClose();
            assertEquals(1008, close.getCloseCode().getCode());
            assertEquals(reason, close.getReasonPhrase());
        }
    }
}

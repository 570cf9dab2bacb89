package org.websocketchat.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.websocketchat.control.OriginPolicy;

/**
 * The one judge of origins, at the handshake's last chance: a refused origin marks the session,
 * which the endpoint then closes 1008 (for containers where neither the filter nor
 * {@code checkOrigin} could answer 403).
 */
class OriginCheckTest {

    private final ChatRuntime chat = new ChatRuntime(null, new OriginPolicy(Set.of("http://allowed.example")), null, null,
            null, null, false, Set.of(), BearerTokens.NONE, Operations.NONE);

    @AfterEach
    void uninstall() {
        ChatRuntime.uninstall(chat);
    }

    @Test
    void aForeignOriginMarksTheSessionToBeClosedAtOpen() {
        ChatRuntime.install(chat);

        assertTrue(OriginCheck.refusedAtHandshake(handshake("http://evil.example", "chat.example")));
    }

    @Test
    void theEndpointsOwnOriginAndAListedOneAreNotMarked() {
        ChatRuntime.install(chat);

        assertFalse(OriginCheck.refusedAtHandshake(handshake("http://chat.example", "chat.example")));
        assertFalse(OriginCheck.refusedAtHandshake(handshake("http://allowed.example", "chat.example")));
        assertFalse(OriginCheck.refusedAtHandshake(handshake(null, "chat.example")), "no Origin: not a browser");
    }

    @Test
    void whileTheChatIsNotRunningEveryOriginPassesHereAndTheEndpointRefusesOnItsOwn() {
        assertTrue(OriginCheck.allows("http://evil.example", "chat.example"));
        assertFalse(OriginCheck.refusedAtHandshake(handshake("http://evil.example", "chat.example")));
    }

    /**
     * Runs {@code modifyHandshake}'s check on a request with these headers, and returns a session
     * born with the endpoint configuration's user properties, as a container gives it them.
     */
    private static Session handshake(String origin, String host) {
        Map<String, List<String>> headers = origin == null ? Map.of("host", List.of(host))
                : Map.of("Origin", List.of(origin), "host", List.of(host));
        HandshakeRequest request = (HandshakeRequest) Proxy.newProxyInstance(OriginCheckTest.class.getClassLoader(),
                new Class<?>[] {HandshakeRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getHeaders")) {
                        return headers;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(ChatEndpoint.class, "/chat").build();
        OriginCheck.markIfRefused(config, request);
        Map<String, Object> properties = config.getUserProperties();
        return (Session) Proxy.newProxyInstance(OriginCheckTest.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getUserProperties")) {
                        return properties;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}

package org.websocketchat.it;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.websocket.DeploymentException;

import org.websocketchat.node.TomcatNode;

/** Clients of the chat in a {@link TomcatNode} of a test's own. */
final class NodeClients {

    private NodeClients() {
    }

    /** The node's endpoint for {@code name} in {@code room}, resuming after {@code since} unless it is null. */
    static URI chat(TomcatNode node, String name, String room, String since) {
        String query = "?name=" + encode(name) + "&room=" + encode(room) + (since == null ? "" : "&since=" + encode(since));
        return URI.create(node.chat() + query);
    }

    /** A JSON client of {@code name} in {@code room}, its welcome read. */
    static ChatClient welcomed(TomcatNode node, String name, String room) throws DeploymentException {
        ChatClient client = ChatClient.json(chat(node, name, room, null));
        client.nextJson("welcome");
        return client;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

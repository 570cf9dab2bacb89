package org.websocketchat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

class ChatKindTest {

    @Test
    void theExampleWelcomesWithAnyFrameAndIsJoinedAtItsBareAddress() {
        URI chat = URI.create("ws://127.0.0.1:1/examples/websocket/chat");
        assertEquals(chat, ChatKind.EXAMPLE.address(chat, "c1", "bench"));
        assertTrue(ChatKind.EXAMPLE.welcomes("* Guest0 has joined."));
        assertFalse(ChatKind.EXAMPLE.refuses("* Guest0 has joined."));
    }

    @Test
    void oursIsJoinedByQueryAndWelcomedByItsWelcome() {
        URI chat = URI.create("ws://127.0.0.1:1/websocket-chat/chat");
        assertEquals(URI.create(chat + "?name=c1&room=bench"), ChatKind.OURS.address(chat, "c1", "bench"));
        assertTrue(ChatKind.OURS.welcomes("* you are c1 in #bench — 1 online: c1"));
        assertFalse(ChatKind.OURS.welcomes("* c2 joined"));
        assertTrue(ChatKind.OURS.refuses("! room full"));
    }
}

package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.websocketchat.it.ChatPage.awaitConversations;
import static org.websocketchat.it.ChatPage.awaitMembers;
import static org.websocketchat.it.ChatPage.awaitTexts;
import static org.websocketchat.it.ChatPage.join;
import static org.websocketchat.it.ChatPage.joinAnother;
import static org.websocketchat.it.ChatPage.open;
import static org.websocketchat.it.ChatPage.press;
import static org.websocketchat.it.ChatPage.say;
import static org.websocketchat.it.ChatPage.signIn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/**
 * The page with several rooms and direct conversations on one connection, in a real headless
 * Chromium: unread counts, switching and leaving by keyboard, typing and announcements for the
 * conversation in view only, every room resumed after a drop, direct messages opened from the
 * member list, and a signed-in user's conversation brought back after a reload. The tests'
 * server allows 3 rooms per connection (chat.it.settings).
 */
class ConversationsBrowserIT extends DeployedChat {

    private String room;
    private String dev;

    @BeforeEach
    void freshRooms() {
        room = Endpoints.freshRoom();
        dev = Endpoints.freshRoom();
    }

    @Test
    void roomsSideBySideCountUnreadShowTypingPerRoomAndLeaveByKeyboard() throws Exception {
        String third = Endpoints.freshRoom();
        String fourth = Endpoints.freshRoom();
        try (Browser ana = Browser.open();
                ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room));
                ChatClient cy = ChatClient.json(Endpoints.chat(base, "name", "cy", "room", dev))) {
            bo.nextJson("welcome");
            cy.nextJson("welcome");
            join(ana, base.toString(), "ana", room);
            joinAnother(ana, dev);
            awaitConversations(ana, List.of("#" + room, "#" + dev));
            awaitMembers(ana, List.of("cy", "ana (you)"));
            ana.script("document.getElementById('room').focus()");
            ana.await("the directory suggests the rooms in use", d -> ((List<?>) ana.script(
                    "return Array.from(document.querySelectorAll('#known-rooms option'), o => o.value)")).containsAll(List.of(room, dev)));

            bo.say("in the lobby while ana reads dev");
            awaitConversations(ana, List.of("#" + room + ", 1 unread", "#" + dev));
            assertEquals(List.of(), ana.texts("#messages .message .text"), "not shown in the room in view");
            assertEquals("", ana.find("announcer").getAttribute("textContent"), "nor announced");

            bo.send("{\"type\":\"typing\",\"room\":\"" + room + "\"}");
            cy.send("{\"type\":\"typing\",\"room\":\"" + dev + "\"}");
            ana.await("cy typing in dev", d -> ana.find("typing").getText().equals("cy is typing…"));
            open(ana, "#" + room);
            awaitConversations(ana, List.of("#" + room, "#" + dev));
            awaitTexts(ana, List.of("in the lobby while ana reads dev"));
            ana.await("bo typing in this room", d -> ana.find("typing").getText().equals("bo is typing…"));
            bo.say("now in view");
            awaitTexts(ana, List.of("in the lobby while ana reads dev", "now in view"));
            assertEquals("bo: now in view", ana.find("announcer").getAttribute("textContent"));
            assertEquals("", ana.find("typing").getText(), "bo's message ends bo's typing line");

            joinAnother(ana, third);
            ana.find("room").clear();
            ana.find("room").sendKeys(fourth, Keys.ENTER);
            awaitConversations(ana, List.of("#" + room, "#" + dev, "#" + third));
            ana.await("the refusal shown", d -> ana.texts("#messages .error").stream()
                    .anyMatch(line -> line.startsWith("Not joined #" + fourth + ": you are in 3 rooms")));

            open(ana, "#" + dev);
            press(ana, "#leave");
            awaitConversations(ana, List.of("#" + room, "#" + third));
            assertEquals("ana", ChatClient.parse(cy.nextMatching(f -> f.contains("\"type\":\"left\""))).getString("name"));
            assertEquals("[\"" + room + "\",\"" + third + "\"]", ana.script("return localStorage.getItem('websocket-chat.rooms')"),
                    "the rooms are remembered for the next visit");
            assertEquals(List.of(), ana.consoleErrors());
        }
    }

    @Test
    void afterADropEveryRoomResumesFromItsOwnLastMessage() throws Exception {
        try (DropProxy proxy = new DropProxy(base.getPort());
                Browser ana = Browser.open();
                ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room));
                ChatClient cy = ChatClient.json(Endpoints.chat(base, "name", "cy", "room", dev))) {
            bo.nextJson("welcome");
            cy.nextJson("welcome");
            join(ana, "http://127.0.0.1:" + proxy.port() + base.getPath(), "ana", room);
            joinAnother(ana, dev);
            bo.say("lobby before");
            cy.say("dev before");
            awaitTexts(ana, List.of("dev before"));
            awaitConversations(ana, List.of("#" + room + ", 1 unread", "#" + dev));

            proxy.refuse(true);
            proxy.dropAll();
            bo.nextMatching(f -> f.contains("\"type\":\"left\""));
            cy.nextMatching(f -> f.contains("\"type\":\"left\""));
            bo.say("lobby gap");
            cy.say("dev gap");
            proxy.refuse(false);

            assertEquals("ana", ChatClient.parse(bo.nextMatching(Duration.ofSeconds(60),
                    f -> f.contains("\"type\":\"joined\""))).getString("name"), "back in the first room");
            assertEquals("ana", ChatClient.parse(cy.nextMatching(f -> f.contains("\"type\":\"joined\""))).getString("name"),
                    "and in the second");
            awaitTexts(ana, List.of("dev before", "dev gap"));
            awaitConversations(ana, List.of("#" + room + ", 2 unread", "#" + dev));
            open(ana, "#" + room);
            awaitTexts(ana, List.of("lobby before", "lobby gap"));
            assertFalse(String.join("\n", ana.texts("#messages .notice")).contains("missing"), "resumed, no gap");
        }
    }

    @Test
    void aDirectConversationOpensFromTheMemberListAndReachesOnlyTheOtherPerson() throws Exception {
        try (Browser ana = Browser.open(); Browser bo = Browser.open();
                ChatClient cy = ChatClient.json(Endpoints.chat(base, "name", "cy", "room", room))) {
            cy.nextJson("welcome");
            join(ana, base.toString(), "ana", room);
            join(bo, base.toString(), "bo", room);
            awaitMembers(ana, List.of("cy", "ana (you)", "bo"));

            press(ana, "#members li button[aria-label='Message bo']");
            ana.await("@bo in view", d -> ana.find("room-title").getText().equals("@bo"));
            assertFalse(ana.find("people").isDisplayed(), "a direct conversation has no member list");
            say(ana, "psst, bo");
            awaitTexts(ana, List.of("psst, bo"));

            awaitConversations(bo, List.of("#" + room, "@ana, 1 unread"));
            assertEquals(List.of(), bo.texts("#messages .message .text"), "the room in view does not show it");
            open(bo, "@ana");
            awaitTexts(bo, List.of("psst, bo"));
            say(bo, "hi ana");
            awaitTexts(ana, List.of("psst, bo", "hi ana"));
            assertEquals(List.of("psst, bo"), ana.texts("#messages .mine .text"));
            assertEquals("bo: hi ana", ana.find("announcer").getAttribute("textContent"));

            open(ana, "#" + room);
            say(ana, "back in the room");
            String next = cy.nextMatching(f -> f.contains("\"type\":\"dm\"") || f.contains("\"type\":\"message\""));
            assertTrue(next.contains("back in the room"), "cy got no direct message: " + next);

            Path desktop = bo.screenshot("conversations-desktop-1280");
            bo.resize(375, 740);
            bo.await("the page fits 375 px", d -> (Boolean) bo.script("return document.documentElement.scrollWidth <= window.innerWidth"));
            assertTrue(bo.find("conversations").isDisplayed() && bo.find("text").isDisplayed(), "the list and the composer are on screen");
            Path phone = bo.screenshot("conversations-phone-375");
            assertTrue(Files.size(desktop) > 10_000 && Files.size(phone) > 10_000, "screenshots written");
            assertEquals(List.of(), ana.consoleErrors());
            assertEquals(List.of(), bo.consoleErrors());
        }
    }

    @Test
    void aSignedInUsersDirectConversationComesBackAfterAReload() {
        try (Browser ana = Browser.open(); Browser mo = Browser.open()) {
            signIn(ana, base, TestUsers.ANA);
            signIn(mo, base, TestUsers.MO);
            join(ana, base.toString(), "ana", room);
            join(mo, base.toString(), "mo", room);
            awaitMembers(mo, List.of("ana ✓", "mo (you) ✓"));

            press(mo, "#members li button[aria-label='Message ana']");
            say(mo, "for later");
            awaitConversations(ana, List.of("#" + room, "@mo, 1 unread"));

            ana.get(base.toString());
            join(ana, base.toString(), "ana", room);
            awaitConversations(ana, List.of("#" + room, "@mo"));
            open(ana, "@mo");
            awaitTexts(ana, List.of("for later"));
        }
    }

    @Test
    void aGuestTakesANewNameInEveryRoomFromTheNameField() throws Exception {
        try (Browser ana = Browser.open();
                ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room))) {
            bo.nextJson("welcome");
            join(ana, base.toString(), "ana", room);
            joinAnother(ana, dev);

            ana.find("name").clear();
            ana.find("name").sendKeys("anna", Keys.ENTER);

            awaitMembers(ana, List.of("anna (you)"));
            assertEquals("anna", ChatClient.parse(bo.nextMatching(f -> f.contains("\"type\":\"joined\"")
                    && f.contains("anna"))).getString("name"), "the other room sees the new name");
            open(ana, "#" + room);
            awaitMembers(ana, List.of("bo", "anna (you)"));
            assertEquals("anna", ana.script("return localStorage.getItem('websocket-chat.name')"));
        }
    }
}

package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.websocketchat.it.ChatPage.awaitMembers;
import static org.websocketchat.it.ChatPage.awaitTexts;
import static org.websocketchat.it.ChatPage.join;
import static org.websocketchat.it.ChatPage.press;
import static org.websocketchat.it.ChatPage.say;
import static org.websocketchat.it.ChatPage.setText;
import static org.websocketchat.it.ChatPage.signIn;

import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The page in a real headless Chromium against the deployed WAR: chatting, presence, text
 * shown as text, reconnect with resume, the original article's page, phone and desktop widths.
 */
class BrowserIT extends DeployedChat {

    private String room;

    @BeforeEach
    void freshRoom() {
        room = Endpoints.freshRoom();
    }

    @Test
    void twoUsersChatBothWaysJoiningByKeyboard() {
        try (Browser ana = Browser.open(); Browser bo = Browser.open()) {
            join(ana, base.toString(), "ana", room);
            join(bo, base.toString(), "bo", room);
            awaitMembers(ana, List.of("ana (you)", "bo"));

            say(ana, "hello bo");
            awaitTexts(bo, List.of("hello bo"));
            say(bo, "hi ana");
            awaitTexts(ana, List.of("hello bo", "hi ana"));

            assertEquals(List.of("ana", "bo"), ana.texts("#messages .message .from"));
            assertEquals(List.of("hello bo"), ana.texts("#messages .mine .text"), "one's own messages are set apart");
            WebElement time = ana.driver().findElement(By.cssSelector("#messages .message time"));
            assertTrue(time.getAttribute("datetime").endsWith("Z"), "the server's UTC time is kept");
            assertTrue(time.getText().matches("\\d{1,2}:\\d{2}.*"), "shown as local time: " + time.getText());
            assertEquals(Boolean.TRUE, ana.script(
                    "return [...document.querySelectorAll('input')].every(input => input.labels.length > 0)"),
                    "every form control has a label");
            assertEquals("polite", ana.find("announcer").getAttribute("aria-live"));
            assertEquals("bo: hi ana", ana.find("announcer").getAttribute("textContent"), "new messages are announced");
        }
    }

    @Test
    void slashMeSaysAnActionAndThePageLoadsWithoutAConsoleError() {
        try (Browser ana = Browser.open(); Browser bo = Browser.open()) {
            join(ana, base.toString(), "ana", room);
            join(bo, base.toString(), "bo", room);
            awaitMembers(bo, List.of("ana", "bo (you)"));

            say(ana, "/me waves");
            awaitTexts(bo, List.of("waves"));

            assertEquals(List.of("* ana"), bo.texts("#messages .action .from"));
            assertEquals("ana waves", bo.find("announcer").getAttribute("textContent"));
            assertEquals(List.of(), ana.consoleErrors(), "nothing failed to load, no script error");
        }
    }

    @Test
    void whileOneTypesTheOthersPageSaysSoUntilTheMessageArrives() {
        try (Browser ana = Browser.open(); Browser bo = Browser.open()) {
            join(ana, base.toString(), "ana", room);
            join(bo, base.toString(), "bo", room);
            awaitMembers(bo, List.of("ana", "bo (you)"));

            ana.find("text").sendKeys("hel");
            bo.await("ana's typing shown", d -> bo.find("typing").getText().equals("ana is typing…"));
            assertEquals("", ana.find("typing").getText(), "not on the typist's own page");
            ana.find("text").sendKeys("lo", Keys.ENTER);

            awaitTexts(bo, List.of("hello"));
            assertEquals("", bo.find("typing").getText(), "the message ends the typing line");
        }
    }

    @Test
    void presenceIsUpdatedLiveOnJoinAndLeave() throws Exception {
        try (Browser ana = Browser.open()) {
            join(ana, base.toString(), "ana", room);
            try (ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room))) {
                bo.nextJson("welcome");
                awaitMembers(ana, List.of("ana (you)", "bo"));
                ana.await("bo joined shown", d -> ana.texts("#messages .presence").contains("bo joined"));
            }
            awaitMembers(ana, List.of("ana (you)"));
            ana.await("bo left shown", d -> ana.texts("#messages .presence").contains("bo left"));
            assertEquals("1", ana.find("member-count").getText());
        }
    }

    @Test
    void markupInAMessageIsShownLiterallyAndRunsNothing() throws Exception {
        String image = "<img src=x onerror=alert(1)>";
        String script = "<script>window.pwned = true</script>";
        try (Browser ana = Browser.open();
                ChatClient mallory = ChatClient.json(Endpoints.chat(base, "name", "mallory", "room", room))) {
            join(ana, base.toString(), "ana", room);
            mallory.nextJson("welcome");
            mallory.say(image);
            mallory.say(script);

            awaitTexts(ana, List.of(image, script));
            assertThrows(NoAlertPresentException.class, () -> ana.driver().switchTo().alert(), "no alert was raised");
            assertEquals(0L, ana.script("return document.querySelectorAll('#messages img, #messages script').length"));
            assertEquals(Boolean.FALSE, ana.script("return window.pwned === true"));
        }
    }

    @Test
    void afterADroppedConnectionThePageResumesWithEveryMessageOnceAndInOrder() throws Exception {
        try (DropProxy proxy = new DropProxy(base.getPort());
                Browser ana = Browser.open();
                ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room))) {
            bo.nextJson("welcome");
            join(ana, "http://127.0.0.1:" + proxy.port() + base.getPath(), "ana", room);
            bo.say("before");
            awaitTexts(ana, List.of("before"));

            proxy.refuse(true);
            proxy.dropAll();
            ana.await("the page notices the drop", d -> !ana.find("state").getText().equals("OPEN (1)"));
            assertEquals("ana", ChatClient.parse(bo.nextMatching(f -> f.contains("\"type\":\"left\""))).getString("name"));
            for (String text : List.of("gap 1", "gap 2", "gap 3")) {
                bo.say(text);
            }
            proxy.refuse(false);

            assertEquals("ana", ChatClient.parse(bo.nextMatching(java.time.Duration.ofSeconds(60),
                    f -> f.contains("\"type\":\"joined\""))).getString("name"), "the page came back by itself");
            ana.await("open again", d -> ana.find("state").getText().equals("OPEN (1)"));
            bo.say("after");

            awaitTexts(ana, List.of("before", "gap 1", "gap 2", "gap 3", "after"));
            assertFalse(String.join("\n", ana.texts("#messages .notice")).contains("missing"), "resumed, no gap");
        }
    }

    @Test
    void theArticlesPageAndTheNewPageChatWithEachOther() {
        URI endpoint = Endpoints.chat(base, "name", "seed", "room", room);
        try (SeedPageServer seedServer = new SeedPageServer(endpoint);
                Browser seed = Browser.open(); Browser ana = Browser.open()) {
            join(ana, base.toString(), "ana", room);
            seed.get(seedServer.url());
            seed.await("the article's page shows readyState 1", d -> seed.find("msg").getText().startsWith("1"));
            awaitMembers(ana, List.of("ana (you)", "seed"));

            seed.find("text").sendKeys("hello from the article");
            seed.driver().findElement(By.cssSelector("input[type=submit]")).click();
            awaitTexts(ana, List.of("hello from the article"));
            assertEquals(List.of("seed"), ana.texts("#messages .message .from"));

            say(ana, "<b>hi</b> article");
            seed.await("the plain page shows the line, escaped into text",
                    d -> seed.find("msg").getText().contains("ana: <b>hi</b> article"));
            assertEquals(0L, seed.script("return document.querySelectorAll('#msg b').length"));
        }
    }

    @Test
    void usableOnAPhoneAndADesktopWithScreenshots() throws Exception {
        try (Browser ana = Browser.open();
                ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room))) {
            bo.nextJson("welcome");
            join(ana, base.toString(), "ana", room);
            // Two senders on two connections: each line is awaited where it arrives before the
            // next is sent, or the server may take them in either order.
            bo.say("Hi! Is the phone layout readable?");
            awaitTexts(ana, List.of("Hi! Is the phone layout readable?"));
            say(ana, "Yes, and the members fit on one line.");
            bo.nextMatching(frame -> frame.contains("Yes, and the members fit on one line."));
            bo.say("Great — a long line wraps instead of scrolling sideways: " + "word ".repeat(40));
            awaitTexts(ana, List.of("Hi! Is the phone layout readable?", "Yes, and the members fit on one line.",
                    "Great — a long line wraps instead of scrolling sideways: " + "word ".repeat(40).trim()));
            Path desktop = ana.screenshot("desktop-1280");

            ana.resize(375, 740);
            ana.await("the page fits 375 px", d -> (Boolean) ana.script(
                    "return document.documentElement.scrollWidth <= window.innerWidth"));
            assertTrue(ana.find("text").isDisplayed() && ana.find("send").isDisplayed(), "the composer is on screen");
            say(ana, "typed at 375 px");
            awaitTexts(ana, List.of("Hi! Is the phone layout readable?", "Yes, and the members fit on one line.",
                    "Great — a long line wraps instead of scrolling sideways: " + "word ".repeat(40).trim(),
                    "typed at 375 px"));
            Path phone = ana.screenshot("phone-375");

            assertTrue(Files.size(desktop) > 10_000 && Files.size(phone) > 10_000, "screenshots written");
        }
    }

    @Test
    void aRoomLinkJoinsDirectlyAndNameAndRoomAreRemembered() throws Exception {
        try (Browser cy = Browser.open()) {
            cy.get(new URL(base, "?room=" + room).toString());
            cy.await("joined from the link", d -> cy.find("room-title").getText().equals("#" + room));
            assertTrue(cy.texts("#members li .member").get(0).matches("guest-\\d+ \\(you\\)"), "a guest without a name");

            join(cy, base.toString(), "cy", room);
            cy.get(base.toString());
            assertEquals("cy", cy.find("name").getAttribute("value"));
            assertEquals(room, cy.find("room").getAttribute("value"));
            assertEquals("CLOSED (3)", cy.find("state").getText(), "without a link the page waits for Join");
        }
    }

    @Test
    void theCounterWarnsNearTheLimitAndServerErrorsShowInline() {
        try (Browser ana = Browser.open()) {
            join(ana, base.toString(), "ana", room);
            setText(ana, "\uD83D\uDE00".repeat(1850));
            assertEquals("1850 / 2000", ana.find("counter").getText(), "counted in characters, not UTF-16 units");
            assertEquals("near", ana.find("counter").getAttribute("class"));
            setText(ana, "x".repeat(2001));
            assertEquals("over", ana.find("counter").getAttribute("class"));
            assertFalse(ana.find("send").isEnabled(), "too long to send");

            // The tests' rate limit is a burst of 250, then 1 a second: 255 at once earn 5 errors.
            ana.script("const form = document.getElementById('say'), text = document.getElementById('text');"
                    + "for (let i = 1; i <= 255; i++) { text.value = 'm' + i; form.requestSubmit(); }");
            ana.await("rate-limit errors shown inline", d -> ana.texts("#messages .error").size() == 5);
            assertEquals("too many messages: at most 1 per second", ana.texts("#messages .error").get(0));
            assertThrows(NoAlertPresentException.class, () -> ana.driver().switchTo().alert());
            assertEquals("OPEN (1)", ana.find("state").getText(), "the connection stays");
        }
    }

    @Test
    void signingInFromThePageChatsUnderThePrincipalsNameAndSigningOutMakesAGuestAgain() {
        try (Browser ana = Browser.open()) {
            signIn(ana, base, TestUsers.ANA);

            join(ana, base.toString(), "mallory", room);

            awaitMembers(ana, List.of("ana (you) ✓"));
            assertEquals("Signed in as ana ✓", ana.find("signed-in-as").getText());
            assertFalse(ana.find("sign-in").isDisplayed());
            assertEquals("ana", ana.find("name").getAttribute("value"));
            assertEquals("true", ana.find("name").getAttribute("readonly"), "a signed-in name cannot be changed");

            ana.find("sign-out").findElement(By.tagName("button")).click();
            ana.await("signed out, back on the chat page", d -> base.toString().equals(d.getCurrentUrl())
                    && ana.find("sign-in").isDisplayed());
            join(ana, base.toString(), "bo", room);
            awaitMembers(ana, List.of("bo (you)"));
            assertFalse(ana.find("signed-in").isDisplayed());
            assertFalse(ana.find("sign-out").isDisplayed(), "a guest is offered no sign-out");
        }
    }

    @Test
    void aModeratorDeletesMutesAndKicksFromThePageByKeyboard() throws Exception {
        try (Browser mo = Browser.open()) {
            signIn(mo, base, TestUsers.MO);
            join(mo, base.toString(), "mo", room);
            try (ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room))) {
                bo.nextJson("welcome");
                bo.say("regrettable");
                awaitTexts(mo, List.of("regrettable"));

                press(mo, "#messages .message button.moderate");
                assertEquals(bo.nextJson("deleted").getString("by"), "mo");
                mo.await("the message is gone", d -> mo.texts("#messages .message .text").isEmpty());
                press(mo, "#members li button[aria-label='Mute bo for 5 minutes']");
                assertEquals("mute", bo.nextJson("moderation").getString("action"));
                bo.say("still talking");
                assertEquals("muted", bo.nextJson("error").getString("code"));
                press(mo, "#members li button[aria-label='Kick bo']");

                assertEquals(4002, bo.awaitClose().getCloseCode().getCode());
                awaitMembers(mo, List.of("mo (you) ✓"));
            }
        }
    }
}

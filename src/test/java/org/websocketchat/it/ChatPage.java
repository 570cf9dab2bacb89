package org.websocketchat.it;

import java.net.URL;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** What a user does on the chat page, step by step, as the browser tests do it. */
final class ChatPage {

    private ChatPage() {
    }

    /** Signs in through the WAR's sign-in page, as a user would, and waits to be back on the chat page. */
    static void signIn(Browser browser, URL base, TestUsers user) {
        browser.get(base + "login");
        browser.find("j_username").sendKeys(user.user);
        browser.find("j_password").sendKeys(user.password, Keys.ENTER);
        browser.await("back on the chat page", d -> base.toString().equals(d.getCurrentUrl()));
    }

    /** Focuses a control and presses Enter on it, as a keyboard user would. */
    static void press(Browser browser, String selector) {
        browser.await(selector, d -> !d.findElements(By.cssSelector(selector)).isEmpty());
        WebElement control = browser.driver().findElement(By.cssSelector(selector));
        browser.script("arguments[0].focus()", control);
        control.sendKeys(Keys.ENTER);
    }

    /** Opens the page, types the name and the room, and joins with the Enter key. */
    static void join(Browser browser, String pageUrl, String name, String room) {
        if (!browser.driver().getCurrentUrl().equals(pageUrl)) {
            browser.get(pageUrl);
        }
        WebElement nameField = browser.find("name");
        nameField.clear();
        nameField.sendKeys(name);
        joinAnother(browser, room);
    }

    /** Types a room into the room field and presses Enter: on a connected page, one more room. */
    static void joinAnother(Browser browser, String room) {
        WebElement roomField = browser.find("room");
        roomField.clear();
        roomField.sendKeys(room, Keys.ENTER);
        browser.await("joined #" + room, d -> browser.find("state").getText().equals("OPEN (1)")
                && browser.find("room-title").getText().equals("#" + room) && browser.find("text").isEnabled());
    }

    static void say(Browser browser, String text) {
        browser.find("text").sendKeys(text, Keys.ENTER);
    }

    static void setText(Browser browser, String text) {
        browser.script("const t = document.getElementById('text'); t.value = arguments[0];"
                + "t.dispatchEvent(new Event('input'));", text);
    }

    /** Waits until the conversation in view shows exactly these message texts. */
    static void awaitTexts(Browser browser, List<String> expected) {
        browser.await("messages " + expected, d -> browser.texts("#messages .message .text").equals(expected));
    }

    static void awaitMembers(Browser browser, List<String> expected) {
        browser.await("members " + expected, d -> browser.texts("#members li .member").equals(expected));
    }

    /** Waits until the list of conversations reads exactly so, as a screen reader says each: "#dev, 2 unread". */
    @SuppressWarnings("unchecked")
    static void awaitConversations(Browser browser, List<String> expected) {
        browser.await("conversations " + expected, d -> expected.equals(browser.script(
                "return Array.from(document.querySelectorAll('#conversations .pick'), b => b.getAttribute('aria-label'))")));
    }

    /** Shows a conversation by keyboard: focus its button in the list, press Enter. */
    static void open(Browser browser, String key) {
        press(browser, "#conversations .pick[aria-label^='" + key + "']");
        browser.await(key + " in view", d -> browser.find("room-title").getText().equals(key));
    }
}

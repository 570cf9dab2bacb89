package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/**
 * The moderators' dashboard, {@code /admin/}, in a real headless Chromium: an anonymous visitor is
 * sent to sign in, a moderator then sees the charts, the busiest rooms and its kick, and the page
 * loads without a console error. A screenshot at desktop width goes to target/screenshots.
 */
class AdminBrowserIT extends DeployedChat {

    /** The first sample comes 5 s after start; the charts show it on the next poll. */
    private static final Duration FIRST_SAMPLE = Duration.ofSeconds(20);

    @Test
    void anAnonymousVisitorSignsInAsModeratorAndSeesTheChartsTheRoomsAndTheKick() throws Exception {
        String room = Endpoints.freshRoom();
        FormLogin moderator = new FormLogin(base);
        moderator.signIn(TestUsers.MO);
        try (ChatClient mo = ChatClient.jsonWith(Endpoints.chat(base, "room", room), moderator.cookieHeader());
                Browser browser = Browser.open()) {
            mo.nextJson("welcome");
            try (ChatClient bo = ChatClient.json(Endpoints.chat(base, "name", "bo", "room", room))) {
                bo.nextJson("welcome");
                mo.send("{\"type\":\"kick\",\"room\":\"" + room + "\",\"name\":\"bo\",\"reason\":\"spam\"}");
                assertEquals(4002, bo.awaitClose().getCloseCode().getCode());
            }

            browser.get(base + "admin/");
            browser.await("sent to sign in", d -> !d.findElements(org.openqa.selenium.By.id("j_username")).isEmpty());
            browser.find("j_username").sendKeys(TestUsers.MO.user);
            browser.find("j_password").sendKeys(TestUsers.MO.password, Keys.ENTER);
            browser.await("back on the dashboard", d -> d.getCurrentUrl().equals(base + "admin/"));
            // Before the sign-in the page's request was answered 401, which the console reports: that is the
            // page working. From here on nothing may fail.
            assertTrue(browser.consoleErrors().stream().allMatch(error -> error.contains("admin/api") && error.contains("401")));
            browser.await("the dashboard loaded", d -> "true".equals(browser.script("return document.body.dataset.loaded")));

            browser.await("the kick listed", d -> String.join("\n", browser.texts("#moderation tr")).contains("kick"));
            String kick = browser.texts("#moderation tr").get(0);
            assertTrue(kick.contains(room) && kick.contains("bo") && kick.contains("mo") && kick.contains("spam"), kick);
            assertTrue(browser.texts("#rooms tr").stream().anyMatch(row -> row.startsWith(room)), browser.texts("#rooms tr").toString());
            browser.await("a sample charted", FIRST_SAMPLE, d -> !browser.find("latest-connections").getText().equals("—"));
            assertTrue(browser.find("chart-connections").getAttribute("aria-label").startsWith("Connections, now "));

            Path desktop = browser.screenshot("admin-desktop-1280");
            assertTrue(Files.size(desktop) > 10_000, "screenshot written");
            assertEquals(java.util.List.of(), browser.consoleErrors(), "signed in, nothing failed to load, no script error");
        }
    }
}

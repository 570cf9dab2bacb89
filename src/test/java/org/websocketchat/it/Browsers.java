package org.websocketchat.it;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The browsers of one test run: a test that opens a browser gets one a test before it has closed
 * and {@link Browser#forget wiped}, or a new one; they are quit when the run ends. A Chromium
 * starts in two to three seconds here, and the browser tests open about twenty-five per run.
 *
 * <p>JUnit finds this listener through {@code META-INF/services}; the end of its launcher session
 * is the end of the test JVM's run, so no Chromium outlives the build.
 */
public final class Browsers implements LauncherSessionListener {

    private static final System.Logger LOG = System.getLogger(Browsers.class.getName());
    private static final Deque<Browser> IDLE = new ArrayDeque<>();

    static Browser lease() {
        synchronized (IDLE) {
            Browser idle = IDLE.poll();
            if (idle != null) {
                return idle;
            }
        }
        return Browser.start();
    }

    /** Takes back a browser a test has closed: wiped for the next test, or quit if it cannot be. */
    static void giveBack(Browser browser) {
        try {
            browser.forget();
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "A browser could not be wiped for the next test, so it is quit: " + e);
            browser.quit();
            return;
        }
        synchronized (IDLE) {
            IDLE.push(browser);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        synchronized (IDLE) {
            while (!IDLE.isEmpty()) {
                IDLE.pop().quit();
            }
        }
    }
}

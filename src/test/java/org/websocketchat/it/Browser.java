package org.websocketchat.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium, the one Debian's {@code chromium} and {@code chromium-driver} packages
 * install; nothing is downloaded. Where they are not installed, the test that asks for a browser
 * is skipped, and says why.
 *
 * <p>A test gets a browser that knows nothing of the tests before it: no cookies, no storage, no
 * cache of any page it was sent to, desktop size, an empty console. Starting Chromium takes
 * seconds, so a browser a test has closed is wiped ({@link #forget}) and handed to the next test
 * ({@link Browsers}); one that cannot be wiped is quit.
 */
final class Browser implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");
    private static final Path TARGET = Path.of(System.getProperty("java.io.tmpdir"));
    private static final Dimension DESKTOP = new Dimension(1280, 800);

    private final ChromeDriver driver;
    private final Path profile;
    /** The origins of the pages this browser was sent to since it was last wiped. */
    private final Set<String> origins = new HashSet<>();

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A browser with nothing of any test before (see the class comment), at desktop size. */
    static Browser open() {
        Assumptions.assumeTrue(CHROMIUM.canExecute() && DRIVER.canExecute(),
                "Browser tests skipped: no /usr/bin/chromium and /usr/bin/chromedriver here "
                        + "(Debian: apt-get install chromium chromium-driver)");
        return Browsers.lease();
    }

    /** Starts a Chromium of its own, with a profile of its own. */
    static Browser start() {
        try {
            Path profile = Files.createTempDirectory(TARGET, "chromium-profile-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--user-data-dir=" + profile);
            // What the page's console says, failed loads included, for consoleErrors.
            options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER)
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(DESKTOP);
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    void get(String url) {
        URI uri = URI.create(url);
        origins.add(uri.getScheme() + "://" + uri.getAuthority());
        driver.get(url);
    }

    WebElement find(String id) {
        return driver.findElement(By.id(id));
    }

    /**
     * Texts of the elements matching a CSS selector, in page order, read in one step inside the
     * page: element by element, the page may re-render the list between finding and reading.
     */
    @SuppressWarnings("unchecked")
    List<String> texts(String css) {
        return List.copyOf((List<String>) driver.executeScript(
                "return Array.from(document.querySelectorAll(arguments[0]), e => e.innerText)", css));
    }

    Object script(String javascript, Object... args) {
        return driver.executeScript(javascript, args);
    }

    /** Waits until {@code condition} gives a non-null, non-false value, and returns it. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return await(what, TIMEOUT, condition);
    }

    <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        // An element the page replaced while the condition looked at it: look again.
        return new WebDriverWait(driver, timeout).withMessage(what).ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /**
     * What the console has said at level SEVERE since the last call: script errors, and every
     * request that failed (a 404 for a favicon, say).
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().filter(entry -> entry.getLevel() == Level.SEVERE)
                .map(LogEntry::getMessage).toList();
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves a PNG of the page under target/screenshots for a human to look at. */
    Path screenshot(String name) {
        try {
            Path dir = TARGET.resolve("screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands this browser to the next test that opens one; see the class comment. */
    @Override
    public void close() {
        Browsers.giveBack(this);
    }

    /**
     * Leaves the page, which closes its WebSocket as quitting the browser would, and wipes what
     * the test left: every origin's cookies and cache, the storage of each origin it was sent to
     * (localStorage keeps the page's name and rooms), the window's size and the console. Throws if
     * the browser is in no state to do that, an alert left open for one.
     */
    void forget() {
        driver.get("about:blank");
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
        for (String origin : origins) {
            driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
        }
        origins.clear();
        driver.manage().window().setSize(DESKTOP);
        consoleErrors();
    }

    /** Ends the Chromium and deletes its profile. */
    void quit() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

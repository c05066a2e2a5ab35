package dev.keycloakpat.it.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;

/**
 * Debian's headless Chromium driven through its own chromedriver. Both paths are given explicitly
 * ({@code -Dchromium.binary}, {@code -Dchromedriver.binary}, default {@code /usr/bin/...}), so Selenium Manager
 * is never asked to find, let alone download, a browser or a driver. Collects the browser console log so
 * tests can assert that the page logged no errors.
 */
public final class Browser implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The flags of a quiet, offline-friendly headless Chromium: no sandbox (CI containers), no phoning home. */
    private static final List<String> FLAGS = List.of(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=en-US");

    /** Where Selenium Manager unpacks itself and its downloads when it runs; it must not run. */
    private static final Path SELENIUM_MANAGER_CACHE = Path.of(System.getProperty("user.home"), ".cache", "selenium");

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path screenshots;

    private Browser(ChromeDriverService service, ChromeDriver driver, Path screenshots) {
        this.service = service;
        this.driver = driver;
        this.screenshots = screenshots;
    }

    public static Path chromium() {
        return Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    }

    public static Path chromedriver() {
        return Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    }

    /** Why no browser test can run here, or empty when Chromium and chromedriver are both installed. */
    public static Optional<String> unavailableReason() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(chromium())) {
            missing.add("Chromium at " + chromium() + " (-Dchromium.binary)");
        }
        if (!Files.isExecutable(chromedriver())) {
            missing.add("chromedriver at " + chromedriver() + " (-Dchromedriver.binary)");
        }
        return missing.isEmpty() ? Optional.empty()
                : Optional.of("browser test skipped: no " + String.join(" and no ", missing)
                        + "; install Debian's chromium and chromium-driver packages");
    }

    /** Starts a fresh headless browser (new profile); extra flags are appended, e.g. a colour scheme. */
    public static Browser start(String... extraFlags) {
        boolean seleniumCacheExisted = Files.exists(SELENIUM_MANAGER_CACHE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium().toFile());
        options.addArguments(FLAGS);
        options.addArguments(extraFlags);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        Path screenshots = Path.of(System.getProperty("screenshots.dir", "target/screenshots")).toAbsolutePath();
        try {
            Files.createDirectories(screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver().toFile())
                .usingAnyFreePort()
                .withLogFile(screenshots.getParent().resolve("chromedriver.log").toFile())
                .build();
        Browser browser = new Browser(service, new ChromeDriver(service, options), screenshots);
        if (!seleniumCacheExisted && Files.exists(SELENIUM_MANAGER_CACHE)) {
            browser.close();
            throw new IllegalStateException("Selenium Manager ran (it created " + SELENIUM_MANAGER_CACHE
                    + "): it must never look for or download a browser or driver here");
        }
        return browser;
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    public List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    /** The visible element, waiting for it up to {@link #TIMEOUT}. */
    public WebElement visible(By by) {
        return until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Clicks the element, looking it up again if React re-rendered it between finding and clicking. */
    public void click(By by) {
        // An overlay still fading out (a closing dialog) may take the click for a moment: try again.
        new WebDriverWait(driver, TIMEOUT).ignoring(StaleElementReferenceException.class)
                .ignoring(ElementClickInterceptedException.class).until(d -> {
            WebElement element = d.findElement(by);
            if (!element.isDisplayed() || !element.isEnabled()) {
                return null;
            }
            element.click();
            return true;
        });
    }

    public void gone(By by) {
        until(ExpectedConditions.invisibilityOfElementLocated(by));
    }

    public <T> T until(Function<WebDriver, T> condition) {
        // The page is React: an element found a moment ago may have been re-rendered; look again.
        return new WebDriverWait(driver, TIMEOUT).ignoring(StaleElementReferenceException.class).until(condition);
    }

    public Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** Emulates the operating system's colour scheme preference ({@code "dark"} or {@code "light"}). */
    public void preferColorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** Saves a PNG of the window as {@code <screenshots.dir>/<name>.png} and returns its path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(screenshots);
            Path file = screenshots.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the browser console received since the previous call (chromedriver hands out each entry once). */
    public List<LogEntry> newConsoleEntries() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}

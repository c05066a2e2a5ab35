package dev.keycloakpat.it.pages;

import org.openqa.selenium.By;

/** The dialog that shows a new token once, with its copy button and warning. */
public final class TokenCreatedDialog {

    private static final By DIALOG = By.cssSelector("[data-testid=pat-created-modal]");
    private static final By VALUE = By.id("pat-token-value");
    private static final By COPY = By.cssSelector("[data-testid=pat-token-copy]");
    private static final By WARNING = By.cssSelector("[data-testid=pat-created-warning]");
    private static final By CLOSE = By.cssSelector("[data-testid=pat-token-close]");

    private final Browser browser;

    TokenCreatedDialog(Browser browser) {
        this.browser = browser;
    }

    TokenCreatedDialog waitUntilOpen() {
        browser.visible(DIALOG);
        browser.visible(VALUE);
        return this;
    }

    public String title() {
        return browser.visible(By.cssSelector(".pf-v5-c-modal-box:has([data-testid=pat-created-modal]) h1")).getText();
    }

    /** The token as shown in the read-only field. */
    public String token() {
        return browser.visible(VALUE).getDomProperty("value");
    }

    public String warning() {
        return browser.visible(WARNING).getText();
    }

    /** Clicks the copy button and waits until it reports the copy (its label becomes "Copied"). */
    public TokenCreatedDialog copy() {
        browser.click(COPY);
        browser.until(d -> "Copied".equals(d.findElement(COPY).getAccessibleName()));
        return this;
    }

    public void close() {
        browser.click(CLOSE);
        browser.gone(DIALOG);
    }
}

package dev.keycloakpat.it.pages;

import org.openqa.selenium.By;

/** The "Revoke token?" confirmation. */
public final class RevokeDialog {

    private static final By DIALOG = By.cssSelector("[data-testid=pat-revoke-modal]");
    private static final By CONFIRM = By.cssSelector("[data-testid=pat-revoke-confirm]");
    private static final By CANCEL = By.cssSelector("[data-testid=pat-revoke-cancel]");

    private final Browser browser;

    RevokeDialog(Browser browser) {
        this.browser = browser;
    }

    RevokeDialog waitUntilOpen() {
        browser.visible(DIALOG);
        return this;
    }

    public String text() {
        return browser.visible(DIALOG).getText();
    }

    public void confirm() {
        browser.click(CONFIRM);
        browser.gone(DIALOG);
    }

    public void cancel() {
        browser.click(CANCEL);
        browser.gone(DIALOG);
    }
}

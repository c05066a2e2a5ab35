package dev.keycloakpat.it.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.List;

/** The "Regenerate token?" confirmation, with its choice of how long the old token keeps working. */
public final class RegenerateDialog {

    static final By DIALOG = By.cssSelector("[data-testid=pat-regenerate-modal]");
    private static final By GRACE = By.cssSelector("[data-testid=pat-grace-select]");
    private static final By CONFIRM = By.cssSelector("[data-testid=pat-regenerate-confirm]");
    private static final By CANCEL = By.cssSelector("[data-testid=pat-regenerate-cancel]");

    private final Browser browser;

    RegenerateDialog(Browser browser) {
        this.browser = browser;
    }

    RegenerateDialog waitUntilOpen() {
        browser.visible(DIALOG);
        return this;
    }

    public String text() {
        return browser.visible(DIALOG).getText();
    }

    /** The grace choices offered, as labelled ("None", "1 hour", ...). */
    public List<String> graceChoices() {
        return grace().getOptions().stream().map(WebElement::getText).map(String::trim).toList();
    }

    public RegenerateDialog grace(String label) {
        grace().selectByVisibleText(label);
        return this;
    }

    /** Confirms and waits for the dialog that shows the new token once. */
    public TokenCreatedDialog regenerate() {
        browser.click(CONFIRM);
        browser.gone(DIALOG);
        return new TokenCreatedDialog(browser).waitUntilOpen();
    }

    public void cancel() {
        browser.click(CANCEL);
        browser.gone(DIALOG);
    }

    private Select grace() {
        return new Select(browser.visible(GRACE));
    }
}

package dev.keycloakpat.it.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.List;
import java.util.Optional;

/** The "Create a personal access token" dialog. Fields are found by their labels' ids, as a screen reader would. */
public final class CreateTokenDialog {

    private static final By DIALOG = By.cssSelector("[data-testid=pat-create-modal]");
    private static final By NAME = By.id("pat-name");
    private static final By NAME_ERROR = By.id("pat-name-error");
    private static final By TEAM = By.id("pat-team");
    private static final By EXPIRATION = By.id("pat-expiration");
    private static final By WRITE = By.id("pat-write");
    private static final By ROLES_TOGGLE = By.id("pat-roles-toggle");
    private static final By SUBMIT = By.cssSelector("[data-testid=pat-submit]");
    private static final By CANCEL = By.cssSelector("[data-testid=pat-cancel]");
    private static final By ERROR = By.cssSelector("[data-testid=pat-create-modal] [data-testid=pat-error]");
    private static final By REAUTH = By.cssSelector("[data-testid=pat-create-modal] [data-testid=pat-reauth]");
    private static final By REAUTH_BUTTON = By.cssSelector("[data-testid=pat-reauth-button]");
    private static final By NO_EXPIRATION_WARNING = By.cssSelector("[data-testid=pat-no-expiration-warning]");

    private final Browser browser;

    CreateTokenDialog(Browser browser) {
        this.browser = browser;
    }

    CreateTokenDialog waitUntilOpen() {
        browser.visible(DIALOG);
        browser.visible(NAME);
        return this;
    }

    public String title() {
        return browser.visible(By.cssSelector(".pf-v5-c-modal-box:has([data-testid=pat-create-modal]) h1")).getText();
    }

    public CreateTokenDialog name(String name) {
        WebElement input = browser.visible(NAME);
        input.clear();
        input.sendKeys(name);
        return this;
    }

    /** The team choices as shown (without the "Select a team" placeholder). */
    public List<String> teams() {
        return new Select(browser.visible(TEAM)).getOptions().stream()
                .filter(o -> !o.getAttribute("value").isEmpty()).map(WebElement::getText).toList();
    }

    public CreateTokenDialog team(String teamName) {
        new Select(browser.visible(TEAM)).selectByVisibleText(teamName);
        return this;
    }

    public List<String> expirationChoices() {
        return new Select(browser.visible(EXPIRATION)).getOptions().stream().map(WebElement::getText).toList();
    }

    public CreateTokenDialog expiration(String choice) {
        new Select(browser.visible(EXPIRATION)).selectByVisibleText(choice);
        return this;
    }

    public Optional<String> noExpirationWarning() {
        return browser.findAll(NO_EXPIRATION_WARNING).stream().findFirst().map(WebElement::getText);
    }

    public CreateTokenDialog allowWrite() {
        WebElement box = browser.visible(WRITE);
        if (!box.isSelected()) {
            box.click();
        }
        return this;
    }

    /** Opens "Limit to some of my roles" (if closed) and lists the roles offered. */
    public List<String> grantableRoles() {
        openRoles();
        return browser.findAll(By.cssSelector("[data-testid=pat-create-modal] input[data-role]")).stream()
                .map(e -> e.getAttribute("data-role")).toList();
    }

    public CreateTokenDialog limitToRole(String role) {
        openRoles();
        WebElement box = browser.visible(By.cssSelector("input[data-role='" + role + "']"));
        if (!box.isSelected()) {
            box.click();
        }
        return this;
    }

    private void openRoles() {
        WebElement toggle = browser.visible(ROLES_TOGGLE);
        if (!"true".equals(toggle.getAttribute("aria-expanded"))) {
            toggle.click();
        }
    }

    /** Submits and waits for the one-time dialog that shows the new token. */
    public TokenCreatedDialog create() {
        browser.click(SUBMIT);
        return new TokenCreatedDialog(browser).waitUntilOpen();
    }

    /** Submits expecting a refusal; returns the dialog, still open, once it shows an error. */
    public CreateTokenDialog createExpectingError() {
        browser.click(SUBMIT);
        browser.until(d -> !d.findElements(ERROR).isEmpty() || !d.findElements(NAME_ERROR).isEmpty());
        return this;
    }

    /** Submits expecting the server to ask for a fresh sign-in; returns the dialog once it says so. */
    public CreateTokenDialog createExpectingReauthentication() {
        browser.click(SUBMIT);
        browser.visible(REAUTH);
        return this;
    }

    /** What the dialog tells the user when creating needs a fresh sign-in (title and text). */
    public String reauthenticationMessage() {
        return browser.visible(REAUTH).getText();
    }

    /** Clicks "Sign in again": the browser leaves for Keycloak's login page. */
    public LoginPage signInAgain() {
        browser.click(REAUTH_BUTTON);
        LoginPage login = new LoginPage(browser);
        browser.until(d -> login.isShown());
        return login;
    }

    /** The name as currently typed in the field. */
    public String nameValue() {
        return browser.visible(NAME).getAttribute("value");
    }

    public boolean isOpen() {
        return !browser.findAll(DIALOG).isEmpty();
    }

    /** The error shown for the name field, if any. */
    public Optional<String> nameError() {
        return browser.findAll(NAME_ERROR).stream().findFirst().map(WebElement::getText);
    }

    /** The dialog's error alert (a refused request), if any. */
    public Optional<String> error() {
        return browser.findAll(ERROR).stream().findFirst().map(WebElement::getText);
    }

    public boolean nameMarkedInvalid() {
        return "true".equals(browser.visible(NAME).getAttribute("aria-invalid"));
    }

    public void cancel() {
        browser.click(CANCEL);
        browser.gone(DIALOG);
    }
}

package dev.keycloakpat.it.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

/** Keycloak's own login page (the realm's login theme), reached by the account console's redirect. */
public final class LoginPage {

    private final Browser browser;

    public LoginPage(Browser browser) {
        this.browser = browser;
    }

    public boolean isShown() {
        return !browser.findAll(By.id("kc-login")).isEmpty();
    }

    /**
     * Signs in again when the application asked for a fresh login ({@code prompt=login}) of a user who has a session:
     * Keycloak may show the username already chosen (then there is no username field), else it asks for both.
     */
    public void logInAgain(String username, String password) {
        browser.visible(By.id("password"));
        List<WebElement> usernameField = browser.findAll(By.id("username"));
        if (!usernameField.isEmpty() && usernameField.get(0).isDisplayed() && usernameField.get(0).isEnabled()
                && usernameField.get(0).getAttribute("readonly") == null) {
            usernameField.get(0).clear();
            usernameField.get(0).sendKeys(username);
        }
        browser.find(By.id("password")).sendKeys(password);
        browser.find(By.id("kc-login")).click();
    }

    public void logIn(String username, String password) {
        browser.visible(By.id("username")).sendKeys(username);
        browser.find(By.id("password")).sendKeys(password);
        browser.find(By.id("kc-login")).click();
    }
}

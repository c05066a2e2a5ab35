package dev.keycloakpat.it.pages;

import org.openqa.selenium.By;

/** Keycloak's own login page (the realm's login theme), reached by the account console's redirect. */
public final class LoginPage {

    private final Browser browser;

    public LoginPage(Browser browser) {
        this.browser = browser;
    }

    public boolean isShown() {
        return !browser.findAll(By.id("kc-login")).isEmpty();
    }

    public void logIn(String username, String password) {
        browser.visible(By.id("username")).sendKeys(username);
        browser.find(By.id("password")).sendKeys(password);
        browser.find(By.id("kc-login")).click();
    }
}

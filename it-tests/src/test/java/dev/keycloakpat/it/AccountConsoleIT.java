package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.TestRealm;
import dev.keycloakpat.it.pages.Browser;
import dev.keycloakpat.it.pages.CreateTokenDialog;
import dev.keycloakpat.it.pages.LoginPage;
import dev.keycloakpat.it.pages.PersonalAccessTokensPage;
import dev.keycloakpat.it.pages.RegenerateDialog;
import dev.keycloakpat.it.pages.RevokeDialog;
import dev.keycloakpat.it.pages.TokenCreatedDialog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.logging.LogEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 4 (docs/api.md, "Install" and "Self-service API"): the account console's "Personal access tokens" page in a
 * real headless Chromium against the real Keycloak. Selecting the account theme {@code keycloak-pat} is the only setup;
 * the user logs in through Keycloak's login page once, and the page works with the console's own session.
 * Screenshots of the list and both dialogs go to {@code target/screenshots/}.
 */
@KeycloakIT
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountConsoleIT {

    private static final String USER = "carol";
    private static final String PASSWORD = "carol-pw-1";
    private static final String TEAM = "platform";
    private static final String OTHER_TEAM = "data";
    private static final String NOT_MY_TEAM = "finance";
    private static final String INTROSPECTOR = "api-gateway";
    private static final String INTROSPECTOR_SECRET = "gateway-secret-1";
    private static final String TOKEN_NAME = "CI pipeline";
    /** maxAuthAgeSeconds for the recent-login step: long enough for login → page → create on a busy machine. */
    private static final int RECENT_LOGIN_SECONDS = 30;

    private static Browser browser;
    private static PersonalAccessTokensPage page;
    /** The token read from the one-time dialog, used by the later steps. */
    private static String createdToken;
    /** Browser console entries a step expects (e.g. the 400 of a refused create), by URL fragment. */
    private final List<String> expectedConsoleErrors = new ArrayList<>();

    @BeforeAll
    static void setUpRealmAndBrowser(TestRealm realm) {
        realm.update((ObjectNode) Http.JSON.createObjectNode().put("accountTheme", "keycloak-pat"));
        String userId = realm.createUser(USER, PASSWORD);
        realm.joinGroup(userId, realm.createGroup(TEAM));
        realm.joinGroup(userId, realm.createGroup(OTHER_TEAM));
        realm.createGroup(NOT_MY_TEAM);
        realm.createRealmRole("developer");
        realm.createRealmRole("deployer");
        realm.grantRealmRole(userId, "developer");
        realm.grantRealmRole(userId, "deployer");
        realm.createConfidentialClient(INTROSPECTOR, INTROSPECTOR_SECRET);

        if (Browser.unavailableReason().isEmpty()) {
            browser = Browser.start();
            page = new PersonalAccessTokensPage(browser);
        }
    }

    @BeforeEach
    void requireBrowser() {
        // Per test, not in @BeforeAll: a class aborted there is reported as "Tests run: 0", a silent pass.
        assumeTrue(browser != null, () -> Browser.unavailableReason().orElse("browser did not start"));
    }

    @AfterEach
    void pageLoggedNoErrors() {
        if (browser == null) {
            return;
        }
        List<LogEntry> errors = browser.newConsoleEntries().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(e -> expectedConsoleErrors.stream().noneMatch(e.getMessage()::contains))
                .toList();
        assertTrue(errors.isEmpty(), () -> "the browser console logged errors:\n" + errors.stream()
                .map(LogEntry::toString).collect(Collectors.joining("\n")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void userLogsInOnceAndFindsThePageInTheConsoleNavigation(TestRealm realm) {
        browser.open(realm.server().baseUrl() + realm.path("/account/"));
        LoginPage login = new LoginPage(browser);
        browser.until(d -> login.isShown()); // Keycloak's login page comes first
        login.logIn(USER, PASSWORD);

        page.openFromNavigation();

        assertTrue(browser.currentUrl().endsWith(realm.path("/account/personal-access-tokens")), browser.currentUrl());
        assertFalse(login.isShown(), "no second login for the page");
        assertEquals("Personal access tokens", page.title());
        assertTrue(page.showsEmptyState(), "a new user has no tokens");
        assertTrue(page.emptyStateText().contains("No personal access tokens"), page.emptyStateText());
        assertTrue(page.emptyStateText().contains("only once"), "the empty state explains PATs: " + page.emptyStateText());
        // The page called the self-service API itself (with the console's token: the list loaded without a login).
        List<String> calls = apiCalls(realm);
        assertTrue(calls.contains(realm.path("/personal-access-tokens")), calls::toString);
        assertTrue(calls.contains(realm.path("/personal-access-tokens/options")), calls::toString);
        browser.screenshot("account-console-empty");
    }

    @Test
    @Order(2)
    void createDialogOffersOnlyWhatThePolicyAndTheUserAllow() {
        CreateTokenDialog dialog = page.openCreateDialog();
        assertEquals("Create a personal access token", dialog.title());
        assertEquals(Set.of(TEAM, OTHER_TEAM), Set.copyOf(dialog.teams()), "only the user's own teams, not " + NOT_MY_TEAM);
        assertEquals(List.of("7 days", "30 days", "60 days", "90 days", "Custom date", "No expiration"),
                dialog.expirationChoices(), "the default policy's choices");
        dialog.expiration("No expiration");
        assertTrue(dialog.noExpirationWarning().orElse("").contains("recommend"),
                "no expiration comes with the recommendation to set one");
        dialog.expiration("30 days");
        List<String> roles = dialog.grantableRoles();
        assertTrue(roles.containsAll(List.of("developer", "deployer")), roles::toString);
        assertFalse(roles.contains("ops"), roles::toString);

        dialog.name(TOKEN_NAME).team(TEAM).allowWrite().limitToRole("developer");
        browser.screenshot("create-dialog");
        dialog.cancel();
    }

    @Test
    @Order(3)
    void createdTokenIsShownOnceCanBeCopiedAndIsActiveOnIntrospection(TestRealm realm) {
        TokenCreatedDialog created = page.openCreateDialog()
                .name(TOKEN_NAME).team(TEAM).expiration("30 days").allowWrite().limitToRole("developer")
                .create();
        createdToken = created.token();
        assertTrue(createdToken.startsWith("kcpat_"), createdToken);
        assertTrue(created.warning().contains("only time"), "the dialog warns it is shown once: " + created.warning());
        browser.screenshot("token-created-dialog");
        created.copy();
        assertEquals(createdToken, clipboard(), "the copy button puts the token on the clipboard");

        JsonNode introspection = introspect(realm, createdToken);
        assertTrue(introspection.path("active").asBoolean(), introspection::toString);
        assertEquals(USER, introspection.path("username").asText(), introspection::toString);
        assertEquals("read write", introspection.path("scope").asText(), introspection::toString);
        assertEquals(TEAM, introspection.path("team").path("name").asText(), introspection::toString);
        List<String> roles = StreamSupport.stream(introspection.path("realm_access").path("roles").spliterator(), false)
                .map(JsonNode::asText).toList();
        assertEquals(List.of("developer"), roles, "narrowed to the chosen role: " + introspection);

        created.close();
        assertFalse(browser.driver().getPageSource().contains(createdToken), "the token is gone from the page once closed");
    }

    @Test
    @Order(4)
    void newTokenIsListedWithItsDetails() {
        PersonalAccessTokensPage.Row row = page.waitForRow(TOKEN_NAME);
        assertTrue(createdToken.startsWith(row.prefix()), () -> "prefix %s of %s".formatted(row.prefix(), row));
        assertTrue(row.prefix().length() >= "kcpat_".length() + 4, row::toString);
        assertEquals(TEAM, row.team(), row::toString);
        assertEquals("Read-write", row.access(), row::toString);
        assertEquals("developer", row.roles(), row::toString);
        assertTrue(row.expires().startsWith("in 30 days"), row::toString);
        assertTrue(row.expires().matches("(?s)in 30 days\\s+\\S.*\\d{4}.*"), () -> "relative and absolute date: " + row);
        assertEquals("Never used", row.lastUsed(), row::toString);
        browser.screenshot("token-list");
    }

    @Test
    @Order(5)
    void pageFollowsTheBrowsersDarkModeLikeTheRestOfTheConsole() {
        browser.preferColorScheme("dark");
        try {
            browser.until(d -> page.isDark());
            int[] background = page.backgroundColor();
            assertTrue(background[0] + background[1] + background[2] < 3 * 80,
                    () -> "dark background, got rgb " + java.util.Arrays.toString(background));
            browser.screenshot("token-list-dark");
        } finally {
            browser.preferColorScheme("light");
        }
        browser.until(d -> !page.isDark());
    }

    @Test
    @Order(6)
    void duplicateNameIsRefusedInlineAndNothingIsCreated() {
        expectedConsoleErrors.add("personal-access-tokens - Failed to load resource: the server responded with a status of 400");
        CreateTokenDialog dialog = page.openCreateDialog().name(TOKEN_NAME).team(OTHER_TEAM).createExpectingError();

        assertTrue(dialog.isOpen(), "the dialog stays open");
        String message = dialog.nameError().orElseThrow(() -> new AssertionError("no error next to the name field"));
        assertTrue(message.contains("already have a token named") && message.contains(TOKEN_NAME), message);
        assertTrue(dialog.nameMarkedInvalid(), "the name field is marked invalid for screen readers");
        browser.screenshot("create-dialog-duplicate-name");
        dialog.cancel();

        page.refresh();
        assertEquals(1, page.rows().size(), () -> "still one token: " + page.rows());
    }

    @Test
    @Order(7)
    void revokedTokenDisappearsAfterConfirmationAndIsInactive(TestRealm realm) {
        RevokeDialog confirm = page.waitForRow(TOKEN_NAME).revoke();
        assertTrue(confirm.text().contains(TOKEN_NAME), confirm::text);
        confirm.cancel();
        assertTrue(introspect(realm, createdToken).path("active").asBoolean(), "cancel revokes nothing");

        page.waitForRow(TOKEN_NAME).revoke().confirm();

        page.waitUntilGone(TOKEN_NAME);
        browser.until(d -> page.showsEmptyState()); // the empty state is back
        JsonNode introspection = introspect(realm, createdToken);
        assertEquals(Map.of("active", false), Http.JSON.convertValue(introspection, Map.class), introspection::toString);
    }

    @Test
    @Order(8)
    void creatingWithAnOldLoginAsksToSignInAgainAndReturnsToTheDialog(TestRealm realm) throws Exception {
        expectedConsoleErrors.add("personal-access-tokens - Failed to load resource: the server responded with a status of 401");
        String name = "after signing in again";
        setPolicy(realm, "{\"maxAuthAgeSeconds\":" + RECENT_LOGIN_SECONDS + "}");
        try {
            // the console's login (step 1) must be older than the policy allows; its access token stays valid
            long loginMillis = realm.admin().get(realm.adminPath("/users/" + realm.userId(USER) + "/sessions"))
                    .expect(200).json().path(0).path("start").asLong();
            long wait = loginMillis + (RECENT_LOGIN_SECONDS + 1) * 1000L - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            browser.open(realm.server().baseUrl() + realm.path("/account/personal-access-tokens"));
            page.waitUntilLoaded();
            int before = page.rows().size();

            CreateTokenDialog dialog = page.openCreateDialog().name(name).team(TEAM).expiration("7 days")
                    .createExpectingReauthentication();
            String message = dialog.reauthenticationMessage();
            assertTrue(message.contains("Sign in again to create a token") && message.contains("recent sign-in"), message);
            browser.screenshot("create-dialog-sign-in-again");

            LoginPage login = dialog.signInAgain(); // Keycloak's login page, asking for the password again
            assertTrue(browser.currentUrl().contains("prompt=login"), "a fresh login is asked for: " + browser.currentUrl());
            login.logInAgain(USER, PASSWORD);

            CreateTokenDialog back = page.waitForCreateDialog(); // back on the page, the dialog open again
            assertTrue(browser.currentUrl().contains(realm.path("/account/personal-access-tokens")), browser.currentUrl());
            assertEquals(name, back.nameValue(), "what was typed is still there");
            TokenCreatedDialog created = back.create();
            String token = created.token();
            assertTrue(token.startsWith("kcpat_"), token);
            assertTrue(introspect(realm, token).path("active").asBoolean(), "the token created after the new login works");
            created.close();
            page.waitForRow(name);
            assertEquals(before + 1, page.rows().size(), () -> "exactly one token was created: " + page.rows());

            page.waitForRow(name).revoke().confirm();
            page.waitUntilGone(name);
        } finally {
            setPolicy(realm, "{\"maxAuthAgeSeconds\":3600}");
        }
    }

    /** Creates a token through the page's dialog (team {@code TEAM}), closes the copy-once dialog; returns the token. */
    private static String createInPage(String name, String expiration) {
        TokenCreatedDialog created = page.openCreateDialog().name(name).team(TEAM).expiration(expiration).create();
        String token = created.token();
        created.close();
        return token;
    }

    @Test
    @Order(9)
    void regeneratingWithoutGraceGivesANewWorkingTokenAndRefusesTheOldOne(TestRealm realm) {
        String name = "deploy key";
        String old = createInPage(name, "30 days");

        RegenerateDialog confirm = page.waitForRowOf(old).regenerate();
        assertTrue(confirm.text().contains("A new token replaces \"" + name + "\""), confirm::text);
        assertEquals(List.of("None", "1 hour", "1 day"), confirm.graceChoices(), "the default policy allows up to a day");
        TokenCreatedDialog shown = confirm.grace("None").regenerate();
        String renewed = shown.token();
        assertTrue(renewed.startsWith("kcpat_") && !renewed.equals(old), renewed);
        assertTrue(shown.warning().contains("only time"), shown::warning);
        shown.close();
        assertFalse(browser.driver().getPageSource().contains(renewed), "the new token is gone from the page once closed");

        page.waitForRowOf(renewed);
        page.waitUntilGone(old);
        assertEquals(1, page.rows().size(), () -> "the old token is no longer listed: " + page.rows());
        JsonNode self = realm.http().get(realm.path("/personal-access-tokens/self"), "Authorization", "Bearer " + renewed)
                .expect(200).json();
        assertEquals(name, self.path("name").asText(), self::toString);
        assertEquals(Map.of("active", false), Http.JSON.convertValue(introspect(realm, old), Map.class),
                "without grace the old token is refused at once");

        revokeAll();
    }

    @Test
    @Order(10)
    void regeneratingWithGraceKeepsTheOldTokenWorkingAndTheRowShowsItsPredecessor(TestRealm realm) {
        String name = "backup job";
        String old = createInPage(name, "30 days");
        String oldPrefix = page.waitForRowOf(old).prefix();

        RegenerateDialog confirm = page.waitForRowOf(old).regenerate().grace("1 hour");
        assertTrue(confirm.text().contains("keeps working for another 1 hour"), confirm::text);
        browser.screenshot("account-console-regenerate");
        TokenCreatedDialog shown = confirm.regenerate();
        String renewed = shown.token();
        shown.close();

        assertTrue(introspect(realm, renewed).path("active").asBoolean(), "the new token works");
        assertTrue(introspect(realm, old).path("active").asBoolean(), "during the grace the old token still works");
        realm.http().get(realm.path("/personal-access-tokens/self"), "Authorization", "Bearer " + renewed).expect(200);

        page.refresh();
        assertEquals(2, page.rows().size(), () -> "during the grace both are listed: " + page.rows());
        String details = page.waitForRowOf(renewed).details();
        assertTrue(details.contains("Regenerated from") && details.contains(name + " (" + oldPrefix + ")"), details);
        assertTrue(details.contains("Last used from") && !details.contains("No use recorded yet"),
                () -> "the address of the use through /self: " + details);
        browser.screenshot("account-console-regenerated-row");

        revokeAll();
    }

    @Test
    @Order(11)
    void theRegenerateLinkOfTheExpiryReminderOpensThatTokensDialog(TestRealm realm) {
        String name = "reminded";
        String token = createInPage(name, "7 days");
        page.waitForRowOf(token);
        String id = realm.http().get(realm.path("/personal-access-tokens/self"), "Authorization", "Bearer " + token)
                .expect(200).json().path("id").asText();

        String pageUrl = realm.server().baseUrl() + realm.path("/account/personal-access-tokens");
        browser.open(pageUrl + "?regenerate=" + id);
        RegenerateDialog confirm = page.waitUntilLoaded().waitForRegenerateDialog();
        assertTrue(confirm.text().contains("\"" + name + "\""), confirm::text);
        browser.until(d -> !d.getCurrentUrl().contains("regenerate="));
        confirm.cancel();
        assertTrue(introspect(realm, token).path("active").asBoolean(), "cancel regenerates nothing");

        browser.open(pageUrl + "?regenerate=no-such-token");
        page.waitUntilLoaded();
        browser.until(d -> !d.getCurrentUrl().contains("regenerate="));
        assertFalse(page.isRegenerateDialogOpen(), "a link to a token that is not listed opens nothing");

        revokeAll();
    }

    @Test
    @Order(12)
    void pageSpeaksGermanWhenTheUserPrefersGerman(TestRealm realm) {
        ObjectNode i18n = Http.JSON.createObjectNode().put("internationalizationEnabled", true).put("defaultLocale", "en");
        i18n.putArray("supportedLocales").add("en").add("de");
        realm.update(i18n);

        // What the console's own language selector (Personal info) stores: the user's locale attribute.
        String userId = realm.userId(USER);
        ObjectNode user = (ObjectNode) realm.user(userId);
        user.withObjectProperty("attributes").putArray("locale").add("de");
        realm.admin().put(realm.adminPath("/users/" + userId), user).expect(204);

        browser.open(realm.server().baseUrl() + realm.path("/account/personal-access-tokens"));
        page.waitUntilLoaded();

        assertEquals("Persönliche Zugriffstokens", page.title());
        assertTrue(page.emptyStateText().contains("Keine persönlichen Zugriffstokens"), page.emptyStateText());
        assertEquals("Token erstellen", page.createButtonText());
        browser.screenshot("account-console-de");
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Revokes every listed token through the page, leaving the empty state for the next step. */
    private static void revokeAll() {
        page.refresh();
        while (!page.rows().isEmpty()) {
            int before = page.rows().size();
            page.rows().get(0).revoke().confirm();
            browser.until(d -> page.rows().size() < before);
        }
        browser.until(d -> page.showsEmptyState());
    }

    private static void setPolicy(TestRealm realm, String json) {
        realm.admin().put(realm.adminPath("/personal-access-tokens/policy"), json).expect(200);
    }

    private static JsonNode introspect(TestRealm realm, String token) {
        return realm.http().postForm(realm.introspectionEndpoint(), Http.form(
                "token", token, "client_id", INTROSPECTOR, "client_secret", INTROSPECTOR_SECRET)).expect(200).json();
    }

    /** Paths the page fetched (Resource Timing), e.g. {@code /realms/x/personal-access-tokens}. */
    @SuppressWarnings("unchecked")
    private static List<String> apiCalls(TestRealm realm) {
        return (List<String>) browser.script("return performance.getEntriesByType('resource')"
                + ".filter(e => e.initiatorType === 'fetch').map(e => new URL(e.name).pathname)");
    }

    private static String clipboard() {
        browser.driver().setPermission("clipboard-read", "granted");
        return (String) browser.driver().executeAsyncScript(
                "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('ERROR ' + e))");
    }
}

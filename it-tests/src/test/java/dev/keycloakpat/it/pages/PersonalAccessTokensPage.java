package dev.keycloakpat.it.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Optional;

/**
 * The account console's "Personal access tokens" page, seen as a user sees it: the navigation entry, the
 * table (one {@link Row} per token, read by column header), the empty state and the dialogs it opens.
 */
public final class PersonalAccessTokensPage {

    private static final By PAGE_TITLE = By.cssSelector("main h1");
    private static final By TABLE = By.cssSelector("[data-testid=pat-table]");
    private static final By EMPTY_STATE = By.cssSelector("[data-testid=pat-empty-state]");
    private static final By ROWS = By.cssSelector("[data-testid=pat-table] [data-testid=pat-row]");
    private static final By CREATE_BUTTON = By.cssSelector("[data-testid=pat-create-button]");
    private static final By REFRESH_BUTTON = By.cssSelector("[data-testid=pat-refresh]");
    private static final By ERROR = By.cssSelector("main [data-testid=pat-error]");
    public static final String NAV_LABEL = "Personal access tokens";

    private final Browser browser;

    public PersonalAccessTokensPage(Browser browser) {
        this.browser = browser;
    }

    /** The console's navigation link to this page. */
    public WebElement navigationLink() {
        return browser.visible(By.xpath("//nav//a[normalize-space()='" + NAV_LABEL + "']"));
    }

    /** Clicks the navigation entry and waits until the page has loaded its tokens. */
    public PersonalAccessTokensPage openFromNavigation() {
        navigationLink().click();
        return waitUntilLoaded();
    }

    /** Waits until the table, the empty state or an error is shown. */
    public PersonalAccessTokensPage waitUntilLoaded() {
        browser.until(d -> !d.findElements(TABLE).isEmpty() || !d.findElements(EMPTY_STATE).isEmpty()
                || !d.findElements(ERROR).isEmpty());
        browser.until(d -> d.findElement(CREATE_BUTTON).isEnabled());
        return this;
    }

    public String title() {
        return browser.visible(PAGE_TITLE).getText();
    }

    public boolean showsEmptyState() {
        return !browser.findAll(EMPTY_STATE).isEmpty();
    }

    public String emptyStateText() {
        return browser.visible(EMPTY_STATE).getText();
    }

    public List<Row> rows() {
        return browser.findAll(ROWS).stream().map(Row::new).toList();
    }

    public Optional<Row> row(String name) {
        return rows().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Waits until a row with this name is shown. */
    public Row waitForRow(String name) {
        return browser.until(d -> row(name).orElse(null));
    }

    /** Waits until the row of this token is shown (the one whose prefix the token starts with). */
    public Row waitForRowOf(String token) {
        return browser.until(d -> rows().stream().filter(r -> token.startsWith(r.prefix())).findFirst().orElse(null));
    }

    /** Waits for the Regenerate dialog the page opened by itself (the {@code ?regenerate=} link). */
    public RegenerateDialog waitForRegenerateDialog() {
        return new RegenerateDialog(browser).waitUntilOpen();
    }

    public boolean isRegenerateDialogOpen() {
        return !browser.findAll(RegenerateDialog.DIALOG).isEmpty();
    }

    /** Waits until no row has this name. */
    public void waitUntilGone(String name) {
        browser.until(d -> row(name).isEmpty());
    }

    public void refresh() {
        browser.click(REFRESH_BUTTON);
        waitUntilLoaded();
    }

    public CreateTokenDialog openCreateDialog() {
        browser.click(CREATE_BUTTON);
        return new CreateTokenDialog(browser).waitUntilOpen();
    }

    /** Waits for the create dialog the page opened by itself (e.g. back from a fresh sign-in). */
    public CreateTokenDialog waitForCreateDialog() {
        return new CreateTokenDialog(browser).waitUntilOpen();
    }

    public String createButtonText() {
        return browser.visible(CREATE_BUTTON).getText().trim();
    }

    /** Whether the console shows its dark theme (PatternFly's class on the root element, set by index.ftl). */
    public boolean isDark() {
        return Boolean.TRUE.equals(browser.script("return document.documentElement.classList.contains('pf-v5-theme-dark')"));
    }

    /** The page section's computed background as {r, g, b}. */
    public int[] backgroundColor() {
        String css = (String) browser.script(
                "return getComputedStyle(document.querySelector('main .pf-v5-c-page__main-section')).backgroundColor");
        return java.util.Arrays.stream(css.replaceAll("[^0-9,]", "").split(",")).limit(3).mapToInt(Integer::parseInt).toArray();
    }

    /** The page-level error alert's text, if one is shown. */
    public Optional<String> error() {
        return browser.findAll(ERROR).stream().findFirst().map(WebElement::getText);
    }

    private static String xpathLiteral(String s) {
        return s.contains("'") ? "\"" + s + "\"" : "'" + s + "'";
    }

    /** One row of the table; cells are found by their column header, as a screen reader announces them. */
    public final class Row {
        private final WebElement tr;
        private final String name;
        private final String prefix;

        Row(WebElement tr) {
            this.tr = tr;
            this.name = cell("Name");
            this.prefix = cell("Prefix");
        }

        public String cell(String column) {
            return tr.findElement(By.cssSelector("td[data-label='" + column + "']")).getText().trim();
        }

        public String name() {
            return name;
        }

        public String prefix() {
            return prefix;
        }

        public String team() {
            return cell("Team");
        }

        public String access() {
            return cell("Access");
        }

        public String roles() {
            return cell("Roles");
        }

        public String expires() {
            return cell("Expires");
        }

        public String lastUsed() {
            return cell("Last used");
        }

        /** Clicks this row's Revoke button (found again by the row's prefix: the table may have re-rendered). */
        public RevokeDialog revoke() {
            browser.click(button("pat-revoke"));
            return new RevokeDialog(browser).waitUntilOpen();
        }

        /** Clicks this row's Regenerate button (found again by the row's prefix). */
        public RegenerateDialog regenerate() {
            browser.click(button("pat-regenerate"));
            return new RegenerateDialog(browser).waitUntilOpen();
        }

        /** Opens the row's details (the row below it) and returns their text, e.g. "Regenerated from ...". */
        public String details() {
            By toggle = button("pat-row-expand");
            if (!"true".equals(browser.find(toggle).getAttribute("aria-expanded"))) {
                browser.click(toggle);
            }
            String detailsId = browser.until(d -> d.findElement(toggle).getAttribute("aria-controls"));
            return browser.visible(By.id(detailsId)).getText();
        }

        private By button(String testId) {
            return By.xpath("//tr[td[@data-label='Prefix' and normalize-space()=" + xpathLiteral(prefix) + "]]"
                    + "//button[@data-testid='" + testId + "']");
        }

        @Override
        public String toString() {
            return tr.getText().replace('\n', '|');
        }
    }
}

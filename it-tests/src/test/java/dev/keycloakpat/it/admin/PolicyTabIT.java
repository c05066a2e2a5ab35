package dev.keycloakpat.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The policy tab in the admin console's realm settings: registered the way the console discovers it (server info
 * component types), saved the way the console saves it (a realm component), through the same validation.
 */
@KeycloakIT
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyTabIT {

    static final String TAB_PROVIDER = "org.keycloak.services.ui.extend.UiTabProvider";
    static final String TAB_ID = "personal-access-tokens";

    @Test
    @Order(1)
    void theConsoleFindsTheTabOnTheRealmSettingsPage(TestRealm realm) {
        JsonNode info = realm.admin().get("/admin/serverinfo").expect(200).json();
        boolean declarativeUi = false;
        for (JsonNode f : info.path("features")) {
            if ("DECLARATIVE_UI".equals(f.path("name").asText()) && f.path("enabled").asBoolean()) {
                declarativeUi = true;
            }
        }
        assertTrue(declarativeUi, "the console shows extension tabs only with the declarative-ui feature");
        JsonNode tab = null;
        for (JsonNode t : info.path("componentTypes").path(TAB_PROVIDER)) {
            if (TAB_ID.equals(t.path("id").asText())) {
                tab = t;
            }
        }
        assertNotNull(tab, () -> "no " + TAB_ID + " tab in " + info.path("componentTypes").path(TAB_PROVIDER));
        assertEquals("/:realm/realm-settings/:tab?", tab.path("metadata").path("path").asText());
        assertEquals(TAB_ID, tab.path("metadata").path("params").path("tab").asText());
        List<String> fields = new ArrayList<>();
        tab.path("properties").forEach(p -> fields.add(p.path("name").asText()));
        assertTrue(fields.containsAll(List.of("expirationDays", "allowNoExpiration", "maxLifetimeDays", "maxTokensPerUser",
                "writeAllowed", "writeRole", "teamSource", "teamParentGroup", "bcryptCost", "notifyDaysBeforeExpiry",
                "expiredRetentionDays", "introspectionClients", "rateLimitPerMinute", "rateLimitBurst", "maxAuthAgeSeconds",
                "rotationGraceMaxSeconds", "unusedRevokeDays")), fields::toString);
        for (JsonNode p : tab.path("properties")) {
            // every field is labelled with a message of the console's bundle (checked below), not a bare name
            assertTrue(p.path("label").asText().startsWith("kcpat"), p::toString);
            if (List.of("rotationGraceMaxSeconds", "unusedRevokeDays").contains(p.path("name").asText())) {
                assertEquals("Integer", p.path("type").asText(), p::toString);
            }
        }
        for (JsonNode p : tab.path("properties")) {
            if (p.path("name").asText().equals("teamSource")) {
                assertEquals("List", p.path("type").asText());
                assertEquals("[\"groups\",\"organizations\",\"none\"]", p.path("options").toString());
            }
        }
        // the tab's labels are real messages in the console's bundle, not raw keys
        JsonNode messages = realm.http().get("/resources/master/admin/en").expect(200).json(); // as the console loads them
        String text = messages.toString();
        assertTrue(text.contains("Maximum lifetime (days)") && text.contains("Personal access tokens"),
                "admin console messages lack the tab's labels");
        assertTrue(text.contains("Longest rotation grace (seconds)") && text.contains("Revoke unused tokens (days)"),
                "admin console messages lack the rotation and unused-token labels");
    }

    @Test
    @Order(2)
    void savingTheTabSetsThePolicy(TestRealm realm) {
        ObjectNode component = consoleComponent(realm, form("maxLifetimeDays", "120", "maxTokensPerUser", "4",
                "writeAllowed", "false", "teamSource", "none", "rotationGraceMaxSeconds", "600", "unusedRevokeDays", "45"));
        Http.Response created = realm.admin().post(realm.adminPath("/components"), component);
        assertEquals(201, created.status(), created::toString);

        JsonNode policy = realm.pats().adminPolicy();
        assertEquals(120, policy.path("maxLifetimeDays").asInt(), policy::toString);
        assertEquals(4, policy.path("maxTokensPerUser").asInt());
        assertFalse(policy.path("writeAllowed").asBoolean());
        assertEquals("none", policy.path("teamSource").asText());
        assertEquals(600, policy.path("rotationGraceMaxSeconds").asInt(), policy::toString);
        assertEquals(45, policy.path("unusedRevokeDays").asInt(), policy::toString);
        assertEquals(List.of(7, 30, 60, 90), ints(policy.path("expirationDays")));
    }

    @Test
    @Order(3)
    void aBadValueInTheTabIsRefusedWithTheReasonAndChangesNothing(TestRealm realm) {
        JsonNode saved = savedTab(realm);
        JsonNode before = realm.pats().adminPolicy();
        for (ObjectNode config : List.of(form("maxLifetimeDays", "0"), form("maxLifetimeDays", "ten"),
                form("maxLifetimeDays", "30"), form("bcryptCost", "40"), form("unusedRevokeDays", "-1"),
                form("rotationGraceMaxSeconds", "2592001"))) {
            ObjectNode component = consoleComponent(realm, config);
            component.put("id", saved.path("id").asText());
            Http.Response r = realm.admin().put(realm.adminPath("/components/" + saved.path("id").asText()), component);
            assertEquals(400, r.status(), () -> config + " -> " + r);
            String message = r.json().path("errorMessage").asText();
            String field = config.fieldNames().next();
            assertTrue(message.contains(field), r::toString);
            assertEquals(before, realm.pats().adminPolicy(), "policy unchanged after " + config);
            assertEquals(saved.path("config"), tab(realm).path("config"), "tab unchanged after " + config);
        }
        Http.Response r = realm.admin().put(realm.adminPath("/components/" + saved.path("id").asText()),
                consoleComponent(realm, form("maxLifetimeDays", "0")).put("id", saved.path("id").asText()));
        assertEquals("maxLifetimeDays must be between 1 and 3650.", r.json().path("errorMessage").asText());
    }

    @Test
    @Order(4)
    void aPolicyChangedOverRestShowsInTheTab(TestRealm realm) {
        savedTab(realm);
        realm.pats().adminSetPolicy("{\"maxTokensPerUser\":9,\"expirationDays\":[7,14]}");
        JsonNode config = tab(realm).path("config");
        assertEquals("[\"9\"]", config.path("maxTokensPerUser").toString());
        // Keycloak's component storage keeps a multi-valued config key as a set of rows: compare without order
        List<String> days = new java.util.ArrayList<>();
        config.path("expirationDays").forEach(d -> days.add(d.asText()));
        assertEquals(java.util.Set.of("7", "14"), java.util.Set.copyOf(days), config::toString);
        assertEquals(2, days.size(), config::toString);

        ObjectNode component = consoleComponent(realm, form("maxTokensPerUser", "11"));
        component.put("id", tab(realm).path("id").asText());
        realm.admin().put(realm.adminPath("/components/" + component.path("id").asText()), component).expect(204);
        JsonNode policy = realm.pats().adminPolicy();
        assertEquals(11, policy.path("maxTokensPerUser").asInt());
        assertEquals(List.of(7, 14), ints(policy.path("expirationDays")), "fields not in the saved form keep their values");
    }

    /** What the console's PageHandler sends: every value a list, plus its route params, parent = realm id. */
    private static ObjectNode consoleComponent(TestRealm realm, ObjectNode config) {
        config.putArray("realm").add(realm.name());
        config.putArray("tab").add(TAB_ID);
        ObjectNode c = Http.JSON.createObjectNode();
        c.set("config", config);
        c.put("providerId", TAB_ID);
        c.put("providerType", TAB_PROVIDER);
        c.put("parentId", realm.representation().path("id").asText());
        return c;
    }

    private static ObjectNode form(String... keyValues) {
        ObjectNode config = Http.JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.putArray(keyValues[i]).add(keyValues[i + 1]);
        }
        return config;
    }

    /** The saved tab; where no test saved it yet (a test run alone), saved as in {@link #savingTheTabSetsThePolicy}. */
    private static JsonNode savedTab(TestRealm realm) {
        if (savedTabs(realm).isEmpty()) {
            realm.admin().post(realm.adminPath("/components"), consoleComponent(realm, form("maxLifetimeDays", "120",
                    "maxTokensPerUser", "4", "writeAllowed", "false", "teamSource", "none"))).expect(201);
        }
        return tab(realm);
    }

    /** The saved tab as the console loads it: GET components?type=UiTabProvider, matched by provider id. */
    private static JsonNode tab(TestRealm realm) {
        List<JsonNode> tabs = savedTabs(realm);
        if (tabs.isEmpty()) {
            throw new AssertionError("no saved tab in the realm's " + TAB_PROVIDER + " components");
        }
        return tabs.get(0);
    }

    private static List<JsonNode> savedTabs(TestRealm realm) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode t : realm.admin().get(realm.adminPath("/components?type=" + TAB_PROVIDER)).expect(200).json()) {
            if (TAB_ID.equals(t.path("providerId").asText())) {
                out.add(t);
            }
        }
        return out;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}

package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.RealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compatibility smoke test: what a user checks first on their Keycloak version, in order. Runs in the main
 * suite on the default distribution, and under {@code -Pcompat} on every other distribution and Java of the
 * README's compatibility table. Each step's outcome is appended to {@code compat.results} (one line per run) so the
 * table can be checked against what ran.
 *
 * <p>On Keycloak 26.4 and 26.5 the PAT exchange needs the token post-processor SPI they lack: there the test checks
 * the documented refusal (400 and one line in the log at startup) instead of a JWT.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompatSmokeIT extends RealmIT {

    private static final String CLI = "smoke-cli";
    private static final String INTROSPECTOR = "smoke-introspector";
    private static final String SECRET = "smoke-introspector-secret";

    private KeycloakServer server;
    private String teamId;
    private String userToken;
    private final Map<String, String> results = new LinkedHashMap<>();

    @BeforeAll
    void setUp(KeycloakServer server, TestRealm realm) {
        this.server = server;
        realm.withRealmRoles("reader", "deployer").withUser("alice", "reader", "deployer").withTeam("platform", "alice")
                .withConfidentialClient(INTROSPECTOR, SECRET).withPublicClient(CLI).withPatFlow(CLI);
        teamId = realm.teamId("platform");
        userToken = realm.userToken("alice");
    }

    /** A token of alice in her team, narrowed to reader: each step makes its own, so each can run alone. */
    private JsonNode smokePat(String name) {
        return pats.create(userToken, Pats.withRoles(Pats.request(name, teamId), "reader"));
    }

    private boolean exchangeSupported() {
        int[] v = server.keycloakVersion();
        return v[0] > 26 || (v[0] == 26 && v[1] >= 7);
    }

    private void record(String step, String outcome) {
        results.put(step, outcome);
    }

    @Test
    @Order(1)
    void installedAndBooted() {
        // the extension's endpoints answer, and nothing of ours logged an ERROR while Keycloak started
        assertEquals(401, realm.http().get(realm.path("/personal-access-tokens")).status());
        List<String> errors = server.log().entries("ERROR", "dev.keycloakpat", "keycloak-pat", "kcpat").stream()
                .map(Object::toString).toList();
        assertTrue(errors.isEmpty(), () -> "extension errors in the log: " + errors);
        record("install", "ok");
    }

    @Test
    @Order(2)
    void selfServiceCreate() {
        int before = pats.list(userToken).size();
        JsonNode created = smokePat("smoke");
        assertTrue(created.path("token").asText().matches("kcpat_[0-9A-Za-z]{50}"), created::toString);
        assertEquals(before + 1, pats.list(userToken).size());
        record("create", "ok");
    }

    @Test
    @Order(3)
    void introspection() {
        JsonNode created = smokePat("smoke-introspection");
        JsonNode answer = pats.introspectJson(INTROSPECTOR, SECRET, created.path("token").asText());
        assertTrue(answer.path("active").asBoolean(), answer::toString);
        assertEquals("alice", answer.path("username").asText());
        assertEquals("[\"reader\"]", answer.path("realm_access").path("roles").toString(), answer::toString);
        record("introspection", "ok");
    }

    @Test
    @Order(4)
    void exchangeByPasswordGrant() {
        JsonNode created = smokePat("smoke-exchangebypasswordgrant");
        Http.Response response = pats.exchange(CLI, "alice", created.path("token").asText());
        if (exchangeSupported()) {
            assertEquals(200, response.status(), response::toString);
            JsonNode claims = Pats.jwtClaims(response.json().path("access_token").asText());
            assertEquals(created.path("id").asText(), claims.path("pat_id").asText(), claims::toString);
            assertTrue(Pats.texts(claims.path("realm_access").path("roles")).contains("reader"), claims::toString);
            assertFalse(Pats.texts(claims.path("realm_access").path("roles")).contains("deployer"), claims::toString);
            record("exchange", "ok");
        } else {
            // documented degradation: refused, never a JWT with the owner's full roles
            assertEquals(400, response.status(), response::toString);
            assertEquals("invalid_request", response.json().path("error").asText(), response::toString);
            assertFalse(response.body().contains("access_token"), response::toString);
            assertFalse(server.log().entriesContaining("has no token post-processor SPI").isEmpty(),
                    "the startup line that says the exchange is disabled");
            record("exchange", "refused (no token post-processor SPI)");
        }
    }

    @Test
    @Order(5)
    void gatewayCheck() {
        JsonNode created = smokePat("smoke-gatewaycheck");
        Http.Response ok = realm.http().get(realm.path("/personal-access-tokens/check"),
                "Authorization", Pats.basic("alice", created.path("token").asText()), "X-Required-Team", "platform");
        assertEquals(200, ok.status(), ok::toString);
        assertEquals("alice", ok.header("X-Auth-User").orElse(""));
        assertEquals("reader", ok.header("X-Auth-Roles").orElse(""));
        assertEquals(403, realm.http().get(realm.path("/personal-access-tokens/check"),
                "Authorization", "Bearer " + created.path("token").asText(), "X-Required-Role", "deployer").status());
        record("check", "ok");
    }

    @Test
    @Order(6)
    void revoke() {
        JsonNode created = smokePat("smoke-revoke");
        realm.http().delete(realm.path("/personal-access-tokens/" + created.path("id").asText()),
                "Authorization", "Bearer " + userToken).expect(204);
        assertEquals("{\"active\":false}",
                pats.introspectJson(INTROSPECTOR, SECRET, created.path("token").asText()).toString());
        assertEquals(401, realm.http().get(realm.path("/personal-access-tokens/check"),
                "Authorization", "Bearer " + created.path("token").asText()).status());
        record("revoke", "ok");
    }

    @Test
    @Order(7)
    void accountPageLoads() {
        realm.update(Http.JSON.createObjectNode().put("accountTheme", "keycloak-pat"));
        Http.Response page = realm.http().get(realm.path("/account/"));
        assertEquals(200, page.status(), page::toString);
        // the page's script comes from the keycloak-pat theme's resources, and that script is served
        Matcher script = Pattern.compile("/resources/[^\"']+/account/keycloak-pat/[^\"']+\\.js").matcher(page.body());
        assertTrue(script.find(), () -> "no keycloak-pat script in the account page: " + page.body());
        Http.Response js = realm.http().get(script.group());
        assertEquals(200, js.status(), () -> script.group() + " -> " + js.status());
        assertTrue(js.body().length() > 1000, "the script has content");
        record("account page", "ok");
    }

    /** The Java the server runs on, from its own JVM, e.g. {@code openjdk version "25.0.1" ... (/usr/lib/jvm/.../java)}. */
    private String serverJava() {
        return server.serverJava().orElse("unknown");
    }

    @Test
    @Order(8)
    void theServerRunsOnTheJavaThisRunAskedFor() {
        String home = System.getProperty("kc.env.JAVA_HOME", "");
        String java = serverJava();
        results.put("java", java);
        assertFalse(java.startsWith("unknown"), java);
        if (!home.isBlank()) {
            assertTrue(java.endsWith("(" + home + "/bin/java)"), () -> "asked for " + home + ", the server runs " + java);
        }
    }

    @AfterAll
    void writeResults() throws IOException {
        int[] v = server.keycloakVersion();
        String java = serverJava();
        List<String> steps = new ArrayList<>();
        results.remove("java");
        results.forEach((k, o) -> steps.add(k + "=" + o));
        String line = "keycloak %d.%d.%d | java %s | %d/7 steps passed | %s%n".formatted(v[0], v[1], v[2], java,
                results.size(), String.join("; ", steps));
        Path out = Path.of(System.getProperty("compat.results", "target/compat-results.txt"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}

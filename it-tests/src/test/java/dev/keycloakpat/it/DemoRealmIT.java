package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.KeycloakServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo realm that {@code ./demo.sh} imports ({@code demo/demo-realm.json}), imported into the test server,
 * walked through the README's examples: the self-service API answers 401 without a token and a list with one,
 * alice creates a token, the introspection client sees it, the PAT client exchanges it, the introspection client
 * sees the exchanged JWT with the narrowed roles, and she revokes the PAT, after which neither is active.
 */
@KeycloakIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoRealmIT {

    private static final String REALM = "demo";
    private KeycloakServer server;
    private Http http;

    @BeforeAll
    void importDemoRealm(KeycloakServer server) throws IOException {
        this.server = server;
        http = server.http();
        Path file = Path.of(System.getProperty("demo.realm", "../demo/demo-realm.json"));
        String json = Files.readString(file);
        server.admin().post("", json).expect(201);
    }

    @AfterAll
    void deleteDemoRealm() {
        if (server != null && server.isRunning()) {
            server.admin().delete("/" + REALM);
        }
    }

    private String aliceToken() {
        // the README's first line: a normal user access token of the realm (admin-cli, alice/alice)
        return http.postForm("/realms/demo/protocol/openid-connect/token", Http.form(
                        "grant_type", "password", "client_id", "admin-cli", "username", "alice", "password", "alice"))
                .expect(200).json().path("access_token").asText();
    }

    @Test
    void theDemoRealmUsesTheAccountThemeOfTheExtension() {
        JsonNode realm = server.admin().get("/" + REALM).expect(200).json();
        assertEquals("keycloak-pat", realm.path("accountTheme").asText());
    }

    @Test
    void selfServiceAnswers401WithoutATokenAndAListWithOne() {
        assertEquals(401, http.get("/realms/demo/personal-access-tokens").status());
        JsonNode list = http.get("/realms/demo/personal-access-tokens", "Authorization", "Bearer " + aliceToken())
                .expect(200).json();
        assertTrue(list.isArray(), list::toString);
    }

    @Test
    void theReadmeWalkthroughWorks() {
        String user = aliceToken();
        JsonNode options = http.get("/realms/demo/personal-access-tokens/options", "Authorization", "Bearer " + user)
                .expect(200).json();
        String teamId = null;
        for (JsonNode team : options.path("teams")) {
            if (team.path("name").asText().equals("platform")) {
                teamId = team.path("id").asText();
            }
        }
        assertTrue(teamId != null, "alice is in team platform: " + options);

        ObjectNode request = Http.JSON.createObjectNode().put("name", "ci-deploy").put("teamId", teamId)
                .put("expirationDays", 30).put("write", false);
        request.putArray("roles").add("reader");
        JsonNode created = http.postJson("/realms/demo/personal-access-tokens", request, "Authorization", "Bearer " + user)
                .expect(201).json();
        String pat = created.path("token").asText();

        JsonNode introspection = http.postForm("/realms/demo/protocol/openid-connect/token/introspect", Http.form(
                "token", pat, "client_id", "pat-introspector", "client_secret", "introspector-secret")).expect(200).json();
        assertTrue(introspection.path("active").asBoolean(), introspection::toString);
        assertEquals("alice", introspection.path("username").asText());
        assertEquals("platform", introspection.path("team").path("name").asText());
        assertEquals("read", introspection.path("scope").asText());
        assertEquals("[\"reader\"]", introspection.path("realm_access").path("roles").toString());

        JsonNode exchanged = http.postForm("/realms/demo/protocol/openid-connect/token", Http.form(
                "grant_type", "password", "client_id", "pat-cli", "username", "alice", "password", pat)).expect(200).json();
        assertFalse(exchanged.path("access_token").asText().isEmpty(), exchanged::toString);
        assertFalse(exchanged.has("refresh_token") && !exchanged.path("refresh_token").isNull(), exchanged::toString);

        // README: "Keycloak's introspection of that JWT shows the same narrowed roles" -- with the demo's client
        // pat-introspector, which Keycloak only lets introspect JWTs whose audience names it (pat-cli's mapper)
        String jwt = exchanged.path("access_token").asText();
        JsonNode jwtIntrospection = http.postForm("/realms/demo/protocol/openid-connect/token/introspect", Http.form(
                "token", jwt, "client_id", "pat-introspector", "client_secret", "introspector-secret")).expect(200).json();
        assertTrue(jwtIntrospection.path("active").asBoolean(), jwtIntrospection::toString);
        assertEquals("alice", jwtIntrospection.path("username").asText(), jwtIntrospection::toString);
        assertEquals("[\"reader\"]", jwtIntrospection.path("realm_access").path("roles").toString(),
                jwtIntrospection::toString);
        assertEquals("platform", jwtIntrospection.path("team").path("name").asText(), jwtIntrospection::toString);
        assertEquals(created.path("id").asText(), jwtIntrospection.path("pat_id").asText(), jwtIntrospection::toString);
        // README: the RFC 8693 route on the demo's pat-exchanger client
        JsonNode rfc8693 = http.postForm("/realms/demo/protocol/openid-connect/token", Http.form(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", pat,
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "client_id", "pat-exchanger", "client_secret", "exchanger-secret")).expect(200).json();
        assertEquals("urn:ietf:params:oauth:token-type:access_token", rfc8693.path("issued_token_type").asText(), rfc8693::toString);
        assertFalse(rfc8693.has("refresh_token"), rfc8693::toString);

        http.postJson("/realms/demo/personal-access-tokens/revoke", Map.of("token", pat)).expect(204);
        JsonNode after = http.postForm("/realms/demo/protocol/openid-connect/token/introspect", Http.form(
                "token", pat, "client_id", "pat-introspector", "client_secret", "introspector-secret")).expect(200).json();
        assertEquals("{\"active\":false}", after.toString());
        // ... "and turns inactive once the PAT is revoked"
        JsonNode jwtAfter = http.postForm("/realms/demo/protocol/openid-connect/token/introspect", Http.form(
                "token", jwt, "client_id", "pat-introspector", "client_secret", "introspector-secret")).expect(200).json();
        assertFalse(jwtAfter.path("active").asBoolean(), jwtAfter::toString);
    }
}

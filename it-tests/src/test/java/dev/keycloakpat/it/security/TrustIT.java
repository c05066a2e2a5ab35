package dev.keycloakpat.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Await;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.SecretCheckedRealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The security guarantees (docs/api.md, "Security guarantees"), tried as an attacker would: nothing derived from a PAT
 * is worth more than the PAT, on any Keycloak endpoint; a leaked token's revoke cannot be silently blocked; a PAT typed
 * as a username never reaches events. Each test is one attack of issue 12 that succeeded against 0.1.0.
 */
class TrustIT extends SecretCheckedRealmIT {

    /** Set up exactly as README's install step says: a new public client, default settings, PAT direct-grant flow. */
    private static final String CLI = "pat-cli";
    /** Full scope off, only the realm role "reader" in its role scope. */
    private static final String NARROW_CLI = "reader-cli";

    private String adminId;
    private String adminToken;
    private String bobId;
    private String teamId;
    private String otherTeamId;

    @BeforeAll
    void setUp(TestRealm realm) {
        String eng = realm.createGroup("eng");
        teamId = realm.createSubGroup(eng, "platform");
        String sales = realm.createGroup("sales");
        otherTeamId = realm.createSubGroup(sales, "platform");
        realm.createRealmRole("reader");
        realm.createRealmRole("writer");
        // an admin of the realm: realm-management manage-users (and view-users)
        adminId = realm.createUser("admin", "admin-pw");
        realm.joinGroup(adminId, teamId);
        realm.joinGroup(adminId, otherTeamId);
        realm.grantRealmRole(adminId, "reader");
        realm.grantRealmRole(adminId, "writer");
        realm.grantClientRoles(adminId, "realm-management", "manage-users", "view-users");
        bobId = realm.createUser("bob", "bob-pw");
        realm.joinGroup(bobId, teamId);

        realm.withPublicClient(CLI).withPatFlow(CLI).withPublicClient(NARROW_CLI);
        String narrow = realm.clientUuid(NARROW_CLI);
        realm.updateClient(narrow, client -> client.put("fullScopeAllowed", false));
        realm.admin().post(realm.adminPath("/clients/" + narrow + "/scope-mappings/realm"),
                List.of(realm.realmRole("reader"))).expect(204);
        realm.withPatFlow(NARROW_CLI);
        adminToken = realm.userToken("admin");
    }

    private String exchange(String clientId, String pat, String... extra) {
        java.util.Map<String, String> form = Http.form("grant_type", "password", "client_id", clientId,
                "username", "admin", "password", pat);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            form.put(extra[i], extra[i + 1]);
        }
        return realm.http().postForm(realm.tokenEndpoint(), form).expect(200).json().path("access_token").asText();
    }

    private static void assertRefused(Http.Response response) {
        assertTrue(response.status() == 401 || response.status() == 403, response::toString);
    }

    // ---- 1. admin takeover through the exchange ------------------------------------------------------------

    @Test
    void aNarrowedReadOnlyPatOfAnAdminCannotUseKeycloaksAdminApiAfterTheExchange() {
        String pat = pats.create(adminToken, Pats.withRoles(Pats.request("narrow", teamId),
                "default-roles-" + realm.name())).path("token").asText();
        String jwt = exchange(CLI, pat);
        String bearer = "Bearer " + jwt;

        assertRefused(realm.http().get("/admin/realms/" + realm.name() + "/users", "Authorization", bearer));
        ObjectNode reset = Http.JSON.createObjectNode().put("type", "password").put("value", "owned-by-attacker")
                .put("temporary", false);
        assertRefused(realm.http().putJson("/admin/realms/" + realm.name() + "/users/" + bobId + "/reset-password", reset,
                "Authorization", bearer));
        assertRefused(realm.http().get("/admin/realms/" + realm.name() + "/personal-access-tokens", "Authorization", bearer));
        assertRefused(realm.http().get(realm.path("/account"), "Authorization", bearer, "Accept", "application/json"));
        assertRefused(realm.http().get(realm.path("/protocol/openid-connect/userinfo"), "Authorization", bearer));
        // bob's password is unchanged
        realm.userToken("admin-cli", "bob", "bob-pw");
        // the admin's own login still works on the admin API: the refusal is about the derived token only
        realm.http().get("/admin/realms/" + realm.name() + "/users", "Authorization", "Bearer " + adminToken).expect(200);
    }

    @Test
    void evenAPatCarryingTheAdminRoleIsRefusedByTheAdminApiOnceExchanged() {
        String pat = pats.create(adminToken, Pats.withRoles(Pats.request("admin-view", teamId).put("write", true),
                "realm-management/view-users", "realm-management/manage-users")).path("token").asText();
        String jwt = exchange(CLI, pat);
        assertRefused(realm.http().get("/admin/realms/" + realm.name() + "/users", "Authorization", "Bearer " + jwt));
    }

    @Test
    void aDerivedJwtCannotBeExchangedAgainThroughKeycloaksStandardTokenExchange() {
        ObjectNode exchanger = Http.JSON.createObjectNode().put("clientId", "exchanger").put("enabled", true)
                .put("publicClient", false).put("secret", "exchanger-secret").put("standardFlowEnabled", false)
                .put("serviceAccountsEnabled", false);
        exchanger.putObject("attributes").put("standard.token.exchange.enabled", "true");
        realm.admin().post(realm.adminPath("/clients"), exchanger).expect(201);
        // the derived JWT is meant for the exchanger, so Keycloak's own audience rule would let it exchange
        ObjectNode audience = Http.JSON.createObjectNode().put("name", "aud-exchanger").put("protocol", "openid-connect")
                .put("protocolMapper", "oidc-audience-mapper");
        audience.putObject("config").put("included.client.audience", "exchanger").put("access.token.claim", "true");
        realm.admin().post(realm.adminPath("/clients/" + realm.clientUuid(CLI) + "/protocol-mappers/models"), audience).expect(201);
        String pat = pats.create(adminToken, Pats.withRoles(Pats.request("re-exchange", teamId), "reader"))
                .path("token").asText();
        String jwt = exchange(CLI, pat);
        Http.Response response = realm.http().postForm(realm.tokenEndpoint(), Http.form(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "client_id", "exchanger", "client_secret", "exchanger-secret",
                "subject_token", jwt, "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"));
        assertTrue(response.status() == 400 || response.status() == 401, response::toString);
        assertFalse(response.body().contains("access_token"), response::toString);
    }

    // ---- 4. claims not narrowed ------------------------------------------------------------------------------

    @Test
    void optionalScopesAndMappersNameOnlyTheNarrowedRolesAndTheTeam() {
        // a group-membership mapper (full paths) on the client, and microprofile-jwt's "groups" (realm roles)
        ObjectNode groups = Http.JSON.createObjectNode().put("name", "group-paths").put("protocol", "openid-connect")
                .put("protocolMapper", "oidc-group-membership-mapper");
        groups.putObject("config").put("claim.name", "team_groups").put("full.path", "true")
                .put("access.token.claim", "true").put("id.token.claim", "true");
        realm.admin().post(realm.adminPath("/clients/" + realm.clientUuid(CLI) + "/protocol-mappers/models"), groups).expect(201);

        String pat = pats.create(adminToken, Pats.withRoles(Pats.request("claims", teamId), "reader")).path("token").asText();
        JsonNode body = realm.http().postForm(realm.tokenEndpoint(), Http.form("grant_type", "password",
                "client_id", CLI, "username", "admin", "password", pat, "scope", "openid microprofile-jwt")).expect(200).json();
        JsonNode jwt = Pats.jwtClaims(body.path("access_token").asText());
        assertEquals(Set.of("reader"), Pats.texts(jwt.path("groups")), jwt::toString);
        assertEquals(Set.of("/eng/platform"), Pats.texts(jwt.path("team_groups")), jwt::toString);
        assertEquals(Set.of("reader"), Pats.texts(jwt.path("realm_access").path("roles")), jwt::toString);
        assertFalse(jwt.path("resource_access").has("realm-management"), jwt::toString);
        assertFalse(body.has("id_token"), "no un-narrowed ID token: " + body);
    }

    @Test
    void theJwtNeverCarriesARoleOutsideTheExchangingClientsRoleScope() {
        // not narrowed: the PAT carries all of the admin's roles, reader and writer included
        String pat = pats.create(adminToken, Pats.request("wide", teamId)).path("token").asText();
        JsonNode jwt = Pats.jwtClaims(exchange(NARROW_CLI, pat));
        assertEquals(Set.of("reader"), Pats.texts(jwt.path("realm_access").path("roles")), jwt::toString);
        assertEquals(0, jwt.path("resource_access").size(), jwt::toString);
    }

    @Test
    void theJwtNeverOutlivesItsPat() {
        long expiresAt = System.currentTimeMillis() / 1000 + 60;
        String pat = pats.create(adminToken, Pats.request("short", teamId).put("expiresAt", expiresAt)).path("token").asText();
        JsonNode jwt = Pats.jwtClaims(exchange(CLI, pat));
        assertTrue(jwt.path("exp").asLong() <= expiresAt, () -> "exp " + jwt.path("exp") + " > PAT expiry " + expiresAt);
    }

    // ---- 3. a leaked token's revoke is never silently blocked ------------------------------------------------

    @Test
    void aFloodOfWrongSecretsCannotTurnALeakedTokenRevokeIntoANoOp() {
        String pat = pats.create(adminToken, Pats.request("leaked", teamId)).path("token").asText();
        check(pat).expect(200);
        for (int i = 0; i < 30; i++) {
            check(Pats.withWrongSecret(pat, i % 32)).expect(401);
        }
        Http.Response revoke = realm.http().postJson(realm.path("/personal-access-tokens/revoke"),
                Http.JSON.createObjectNode().put("token", pat));
        assertEquals(204, revoke.status(), revoke::toString);
        check(pat).expect(401);
    }

    @Test
    void aFloodAtTheRevokeEndpointGetsAnHonestTryLaterNeverAFalseDone() {
        String pat = pats.create(adminToken, Pats.request("flooded-revoke", teamId)).path("token").asText();
        // never used, so no node has it cached: every wrong secret costs a check until the budget is used up
        int refused = 0;
        for (int i = 0; i < 15; i++) {
            Http.Response r = realm.http().postJson(realm.path("/personal-access-tokens/revoke"),
                    Http.JSON.createObjectNode().put("token", Pats.withWrongSecret(pat, i)));
            if (r.status() == 429) {
                refused++;
                assertTrue(r.header("Retry-After").isPresent(), r::toString);
            } else {
                assertEquals(204, r.status(), r::toString);
            }
        }
        assertTrue(refused > 0, "the revoke endpoint's own budget of secret checks ran out");
        Http.Response real = realm.http().postJson(realm.path("/personal-access-tokens/revoke"),
                Http.JSON.createObjectNode().put("token", pat));
        if (real.status() == 204) {
            check(pat).expect(401);
        } else {
            // honest: not done, and says so; the token is still there for its owner to see and revoke
            assertEquals(429, real.status(), real::toString);
            assertTrue(real.header("Retry-After").isPresent(), real::toString);
            assertTrue(pats.list(adminToken).toString().contains("flooded-revoke"), "not revoked, and not claimed to be");
        }
    }

    // ---- 6. a PAT typed as the username ------------------------------------------------------------------------

    @Test
    void aPatTypedIntoTheUsernameFieldNeverReachesEvents() {
        String pat = pats.create(adminToken, Pats.request("swapped", teamId)).path("token").asText();
        Http.Response r = realm.http().postForm(realm.tokenEndpoint(), Http.form("grant_type", "password",
                "client_id", CLI, "username", pat, "password", pat));
        assertEquals(401, r.status(), r::toString);
        assertTrue(Await.eventually(Duration.ofSeconds(10), () -> pats.events("LOGIN_ERROR").toString().contains("redacted")),
                "the failed exchange is an event, with the username redacted");
        String events = pats.events().toString();
        assertFalse(events.contains(pat), "a stored event holds the PAT");
        assertFalse(events.contains(Pats.secretPart(pat)), "a stored event holds the PAT's secret");
    }

    // ---- every entry point: realm enabled, not-before, Require SSL, bounded bodies, sampled anonymous events ----

    @Test
    void aDisabledRealmAuthenticatesNothingAndComesBackWhenEnabled() {
        String pat = pats.create(adminToken, Pats.request("realm-off", teamId)).path("token").asText();
        check(pat).expect(200);
        realm.update(Http.JSON.createObjectNode().put("enabled", false));
        try {
            check(pat).expect(401);
        } finally {
            realm.update(Http.JSON.createObjectNode().put("enabled", true));
        }
        check(pat).expect(200);
    }

    @Test
    void theRealmsNotBeforeRevokesEveryTokenCreatedBeforeIt() throws InterruptedException {
        String pat = pats.create(adminToken, Pats.request("before", teamId)).path("token").asText();
        check(pat).expect(200);
        Thread.sleep(1100);
        long now = System.currentTimeMillis() / 1000;
        realm.update(Http.JSON.createObjectNode().put("notBefore", now));
        try {
            check(pat).expect(401);
            Thread.sleep(1100);
            String after = pats.create(pats.userToken("admin", "admin-pw"), Pats.request("after", teamId)).path("token").asText();
            check(after).expect(200);
        } finally {
            realm.update(Http.JSON.createObjectNode().put("notBefore", 0));
        }
    }

    @Test
    void requireSslAppliesToTheExtensionsEndpoints() {
        realm.update(Http.JSON.createObjectNode().put("sslRequired", "all"));
        try {
            Http.Response r = realm.http().get(realm.path("/personal-access-tokens"), "Authorization", "Bearer " + adminToken);
            assertEquals(403, r.status(), r::toString);
            assertEquals("ssl_required", r.json().path("error").asText(), r::toString);
            Http.Response c = realm.http().get(realm.path("/personal-access-tokens/check"));
            assertEquals(403, c.status(), c::toString);
        } finally {
            realm.update(Http.JSON.createObjectNode().put("sslRequired", "none"));
        }
    }

    @Test
    void anOversizedBodyIsRefusedAndCreatesNothing() {
        int before = pats.list(adminToken).size();
        String huge = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        Http.Response r = realm.http().send(realm.http().request(realm.path("/personal-access-tokens"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(huge)).build());
        assertEquals(413, r.status(), r::toString);
        assertEquals("request_too_large", r.json().path("error").asText(), r::toString);
        assertEquals(before, pats.list(adminToken).size());
    }

    @Test
    void aFloodOfMadeUpTokensCostsNoEventPerRequest() {
        String pat = pats.create(adminToken, Pats.request("template", teamId)).path("token").asText();
        realm.admin().delete(realm.adminPath("/events")).expectSuccess();
        try {
            Thread.sleep(1100); // past the sampling interval of earlier tests' failures
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = 0; i < 200; i++) {
            // a well-formed token with a public id nobody has
            String madeUp = Pats.withWrongSecret("kcpat_" + String.format("zz%010d", i) + pat.substring(18), i % 32);
            check(madeUp).expect(401);
        }
        long unknown = 0;
        for (JsonNode e : pats.events("LOGIN_ERROR")) {
            if ("unknown".equals(e.path("details").path("reason").asText())) {
                unknown++;
            }
        }
        assertTrue(unknown >= 1, "the flood is visible in the event store");
        assertTrue(unknown <= 20, "sampled, not one event per request: " + unknown);
    }

    private Http.Response check(String pat) {
        return realm.http().get(realm.path("/personal-access-tokens/check"), "Authorization", "Bearer " + pat);
    }
}

package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.SecretCheckedRealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.keycloakpat.it.harness.Pats.RS;
import static dev.keycloakpat.it.harness.Pats.RS_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API reference (docs/api.md, "Introspection"): a plain RFC 7662 client introspects PATs at Keycloak's endpoint; JWTs
 * keep Keycloak's behaviour.
 */
class IntrospectionIT extends SecretCheckedRealmIT {

    private static final String OTHER = "other-server";
    private static final String OTHER_SECRET = "other-secret";
    private static final String APP = "app";
    private static final String APP_SECRET = "app-secret";

    private String aliceId;
    private String teamId;
    private String userToken;

    @BeforeAll
    void setUp(TestRealm realm) {
        // tokens of "app" are meant for the resource server: put it in their audience, as a real setup would
        realm.withRealmRoles("reader").withUser("alice", "reader").withTeam("platform", "alice")
                .withConfidentialClient(RS, RS_SECRET).withConfidentialClient(OTHER, OTHER_SECRET)
                .withConfidentialClient(APP, APP_SECRET).withAudience(APP, RS);
        aliceId = realm.userId("alice");
        teamId = realm.teamId("platform");
        userToken = realm.userToken("alice");
    }

    private JsonNode createPat(String name, ObjectNode extra) {
        ObjectNode request = Pats.request(name, teamId);
        if (extra != null) {
            request.setAll(extra);
        }
        return pats.create(userToken, request);
    }

    @Test
    void patWithoutTokenTypeHintIsActiveWithExactlyTheContractFields() {
        JsonNode created = createPat("no-hint", Http.JSON.createObjectNode().put("write", true));
        JsonNode answer = pats.introspect(RS, RS_SECRET, created.path("token").asText(), null).expect(200).json();

        assertEquals(Set.of("active", "token_type", "sub", "username", "iat", "scope", "team", "realm_access",
                "resource_access", "pat_id"), Pats.fieldNames(answer), answer::toString);
        assertTrue(answer.path("active").asBoolean(), answer::toString);
        assertEquals("PAT", answer.path("token_type").asText());
        assertEquals(aliceId, answer.path("sub").asText());
        assertEquals("alice", answer.path("username").asText());
        assertEquals(created.path("createdAt").asLong(), answer.path("iat").asLong());
        assertEquals("read write", answer.path("scope").asText());
        assertEquals(teamId, answer.path("team").path("id").asText());
        assertEquals("platform", answer.path("team").path("name").asText());
        assertTrue(Pats.texts(answer.path("realm_access").path("roles")).contains("reader"), answer::toString);
        assertTrue(answer.path("resource_access").path("account").path("roles").isArray(), answer::toString);
        assertEquals(created.path("id").asText(), answer.path("pat_id").asText());
    }

    @Test
    void patWithAccessTokenHintGetsTheSameAnswer() {
        JsonNode created = createPat("with-hint", Http.JSON.createObjectNode().put("expirationDays", 30));
        String pat = created.path("token").asText();
        JsonNode withHint = pats.introspect(RS, RS_SECRET, pat, "access_token").expect(200).json();
        JsonNode withoutHint = pats.introspect(RS, RS_SECRET, pat, null).expect(200).json();

        assertTrue(withHint.path("active").asBoolean(), withHint::toString);
        assertEquals(withoutHint, withHint);
        assertEquals("read", withHint.path("scope").asText());
        assertEquals(created.path("expiresAt").asLong(), withHint.path("exp").asLong(), withHint::toString);
    }

    @Test
    void introspectionRequiresAnAuthenticatedConfidentialClient() {
        String pat = createPat("client-auth", null).path("token").asText();

        Http.Response anonymous = realm.http().postForm(realm.introspectionEndpoint(), Http.form("token", pat));
        assertEquals(401, anonymous.status(), anonymous::toString);
        Http.Response wrongSecret = pats.introspect(RS, "wrong", pat, null);
        assertEquals(401, wrongSecret.status(), wrongSecret::toString);
        realm.createPublicClient("public-cli");
        Http.Response publicClient = realm.http().postForm(realm.introspectionEndpoint(),
                Http.form("token", pat, "client_id", "public-cli"));
        // Keycloak's own answer to a public client at the introspection endpoint
        assertEquals(403, publicClient.status(), publicClient::toString);
        for (Http.Response refused : new Http.Response[] {anonymous, wrongSecret, publicClient}) {
            assertFalse(refused.body().contains("active"), refused::toString);
        }
    }

    @Test
    void allowListOfThePolicyRefusesOtherClients() {
        String pat = createPat("allow-list", null).path("token").asText();
        assertTrue(pats.introspectJson(OTHER, OTHER_SECRET, pat).path("active").asBoolean(), "before the allow-list");
        ObjectNode policy = Http.JSON.createObjectNode();
        policy.putArray("introspectionClients").add(RS);
        pats.setPolicy(policy);
        try {
            assertEquals("{\"active\":false}", pats.introspect(OTHER, OTHER_SECRET, pat, null).expect(200).body());
            assertEquals("{\"active\":false}", pats.introspect(OTHER, OTHER_SECRET, pat, "access_token").expect(200).body());
            assertTrue(pats.introspectJson(RS, RS_SECRET, pat).path("active").asBoolean(), "the listed client");
        } finally {
            ObjectNode reset = Http.JSON.createObjectNode();
            reset.putArray("introspectionClients");
            pats.setPolicy(reset);
        }
        assertTrue(pats.introspectJson(OTHER, OTHER_SECRET, pat).path("active").asBoolean(), "after clearing the allow-list");
    }

    @Test
    void garbageTruncatedOversizedAndOtherRealmTokensAreInactiveAndNothingMore(KeycloakServer server) {
        String pat = createPat("bad-input", null).path("token").asText();
        String jwt = realm.passwordGrant(APP, "alice", "alice-pw").expect(200).json().path("access_token").asText();
        List<String> bad = new ArrayList<>(List.of(
                "garbage", "kcpat_", "kcpat_garbage", " ", "Bearer " + pat, pat + "x", pat.toUpperCase(Locale.ROOT),
                pat.substring(0, pat.length() - 1), pat.substring(0, 30), jwt.substring(0, jwt.length() - 5),
                jwt.substring(0, jwt.lastIndexOf('.')), "a.b.c", "kcpat_" + "A".repeat(100_000), "x".repeat(100_000)));
        // same length and checksum scheme, but a secret that was never issued
        bad.add(Pats.withWrongSecret(pat, 31));

        try (TestRealm other = TestRealm.create(server, realm.name() + "-other")) {
            String otherUser = other.createUser("alice", "alice-pw");
            String otherTeam = other.createGroup("platform");
            other.joinGroup(otherUser, otherTeam);
            Pats otherPats = new Pats(other);
            String otherPat = otherPats.create(otherPats.userToken("alice", "alice-pw"), Pats.request("elsewhere", otherTeam))
                    .path("token").asText();
            other.createConfidentialClient(RS, RS_SECRET);
            assertTrue(otherPats.introspectJson(RS, RS_SECRET, otherPat).path("active").asBoolean(), "in its own realm");
            bad.add(otherPat);
            bad.add(other.userToken("admin-cli", "alice", "alice-pw"));

            for (String token : bad) {
                for (String hint : new String[] {null, "access_token"}) {
                    Http.Response answer = pats.introspect(RS, RS_SECRET, token, hint);
                    String shown = token.length() > 80 ? token.substring(0, 40) + "…(" + token.length() + " chars)" : token;
                    assertEquals(200, answer.status(), () -> shown + " hint " + hint + ": " + answer);
                    assertEquals("{\"active\":false}", answer.body(), () -> shown + " hint " + hint);
                }
            }
        }
        assertTrue(pats.introspectJson(RS, RS_SECRET, pat).path("active").asBoolean(), "the good token still works");
    }

    @Test
    void jwtAccessTokenIntrospectsAsKeycloakDoes() {
        String jwt = realm.passwordGrant(APP, "alice", "alice-pw").expect(200).json().path("access_token").asText();
        JsonNode claims = Pats.jwtClaims(jwt);
        for (String hint : new String[] {null, "access_token"}) {
            JsonNode answer = pats.introspect(RS, RS_SECRET, jwt, hint).expect(200).json();
            assertTrue(answer.path("active").asBoolean(), answer::toString);
            assertEquals("Bearer", answer.path("token_type").asText(), answer::toString);
            assertEquals(APP, answer.path("client_id").asText());
            assertEquals("alice", answer.path("username").asText());
            assertFalse(answer.has("pat_id"), answer::toString);
            // Keycloak's introspection answers the token's own claims (plus client_id, username, active)
            for (Iterator<Map.Entry<String, JsonNode>> it = claims.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> claim = it.next();
                assertEquals(claim.getValue(), answer.get(claim.getKey()), () -> "claim " + claim.getKey() + " in " + answer);
            }
        }
    }

    @Test
    void jwtOfAnotherAudienceStaysInactiveAsInKeycloak() {
        String jwt = realm.passwordGrant(APP, "alice", "alice-pw").expect(200).json().path("access_token").asText();
        assertFalse(Pats.texts(Pats.jwtClaims(jwt).path("aud")).contains(OTHER));
        assertEquals("{\"active\":false}", pats.introspect(OTHER, OTHER_SECRET, jwt, null).expect(200).body());
    }

    @Test
    void refreshTokenIntrospectsAsKeycloakDoes() {
        String refresh = realm.passwordGrant(APP, "alice", "alice-pw").expect(200).json().path("refresh_token").asText();
        JsonNode claims = Pats.jwtClaims(refresh);
        JsonNode answer = pats.introspect(APP, APP_SECRET, refresh, "refresh_token").expect(200).json();
        assertTrue(answer.path("active").asBoolean(), answer::toString);
        assertEquals("Refresh", answer.path("token_type").asText(), answer::toString);
        assertEquals(claims.path("sid"), answer.path("sid"));
        assertEquals(claims.path("jti"), answer.path("jti"));
        assertFalse(answer.has("pat_id"), answer::toString);
        // without a hint a refresh token goes to Keycloak's access-token implementation, as before
        JsonNode noHint = pats.introspect(APP, APP_SECRET, refresh, null).expect(200).json();
        assertFalse(noHint.has("pat_id"), noHint::toString);
        assertFalse("PAT".equals(noHint.path("token_type").asText()), noHint::toString);
    }
}

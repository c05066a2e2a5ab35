package dev.keycloakpat.it;

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
import java.util.Set;

import static dev.keycloakpat.it.harness.Pats.RS;
import static dev.keycloakpat.it.harness.Pats.RS_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API reference (docs/api.md, "Exchange for a JWT"): grant_type=password with the PAT as password, on a client whose
 * direct-grant flow is the PAT authenticator, yields a short-lived JWT that never outlives or outgrows its PAT.
 */
class ExchangeIT extends SecretCheckedRealmIT {

    private static final String CLI = "pat-cli";

    private String aliceId;
    private String aliceToken;
    private String teamId;

    @BeforeAll
    void setUp(TestRealm realm) {
        // the exchanged tokens are meant for the resource server (so Keycloak lets it introspect them)
        realm.withRealmRoles("reader", "writer", "deployer")
                .withUser("alice", "reader", "writer").withUser("bob").withTeam("platform", "alice", "bob")
                .withConfidentialClient(RS, RS_SECRET)
                .withPublicClient(CLI).withPatFlow(CLI).withAudience(CLI, RS);
        teamId = realm.teamId("platform");
        aliceId = realm.userId("alice");
        aliceToken = realm.userToken("alice");
    }

    private JsonNode narrowedWritePat(String name) {
        return pats.create(aliceToken, Pats.withRoles(Pats.request(name, teamId).put("write", true), "reader"));
    }

    private void assertInvalidGrant(Http.Response response) {
        assertEquals(401, response.status(), response::toString);
        assertEquals("invalid_grant", response.json().path("error").asText(), response::toString);
        assertFalse(response.body().contains("access_token"), response::toString);
    }

    @Test
    void exchangeYieldsAJwtWithTheNarrowedLiveRolesAndNoRefreshToken() {
        JsonNode created = narrowedWritePat("exchange");
        Http.Response response = pats.exchange(CLI, "alice", created.path("token").asText()).expect(200);
        JsonNode body = response.json();

        assertFalse(body.has("refresh_token"), body::toString);
        assertTrue(body.path("refresh_expires_in").asInt(0) == 0, body::toString);
        JsonNode jwt = Pats.jwtClaims(body.path("access_token").asText());
        assertEquals(aliceId, jwt.path("sub").asText());
        assertEquals(Set.of("reader"), Pats.texts(jwt.path("realm_access").path("roles")), jwt::toString);
        assertEquals(0, jwt.path("resource_access").size(), jwt::toString);
        Set<String> scope = Set.of(jwt.path("scope").asText().split(" "));
        assertTrue(scope.containsAll(Set.of("read", "write")), jwt::toString);
        assertEquals(teamId, jwt.path("team").path("id").asText(), jwt::toString);
        assertEquals("platform", jwt.path("team").path("name").asText(), jwt::toString);
        assertEquals(created.path("id").asText(), jwt.path("pat_id").asText(), jwt::toString);
        assertTrue(jwt.path("exp").asLong() - jwt.path("iat").asLong() <= 300, "short-lived: " + jwt);
        assertFalse(jwt.has("sid"), "bound to no user session: " + jwt);
    }

    @Test
    void exchangeLeavesNoUserSessionBehind() {
        JsonNode created = narrowedWritePat("no-session");
        pats.exchange(CLI, "alice", created.path("token").asText()).expect(200);
        JsonNode sessions = realm.admin().get(realm.adminPath("/users/" + aliceId + "/sessions")).expect(200).json();
        for (JsonNode s : sessions) {
            assertFalse(s.path("clients").toString().contains(CLI), () -> "session of " + CLI + " left behind: " + sessions);
        }
        JsonNode offline = realm.admin().get(realm.adminPath("/users/" + aliceId + "/offline-sessions/" + realm.clientUuid(CLI)))
                .expect(200).json();
        assertEquals(0, offline.size(), offline::toString);
        JsonNode clientSessions = realm.admin().get(realm.adminPath("/clients/" + realm.clientUuid(CLI) + "/user-sessions"))
                .expect(200).json();
        assertEquals(0, clientSessions.size(), clientSessions::toString);
    }

    @Test
    void exchangeAskingForOfflineAccessGetsNoRefreshTokenAndLeavesNoOfflineSession() {
        JsonNode created = narrowedWritePat("offline");
        JsonNode body = realm.http().postForm(realm.tokenEndpoint(), Http.form("grant_type", "password",
                        "client_id", CLI, "username", "alice", "password", created.path("token").asText(),
                        "scope", "openid offline_access"))
                .expect(200).json();
        assertFalse(body.has("refresh_token"), body::toString);
        assertFalse(body.path("scope").asText().contains("offline_access"), body::toString);
        assertNoSessionOf(realm.clientUuid(CLI), CLI);
    }

    @Test
    void exchangeOnAClientWithOfflineAccessAsDefaultScopeLeavesNoOfflineSession() {
        String client = realm.createPublicClient("pat-cli-offline");
        pats.bindPatFlow(client, "pat-direct-grant-offline");
        String offlineScope = null;
        for (JsonNode scope : realm.admin().get(realm.adminPath("/client-scopes")).expect(200).json()) {
            if (scope.path("name").asText().equals("offline_access")) {
                offlineScope = scope.path("id").asText();
            }
        }
        realm.admin().delete(realm.adminPath("/clients/" + client + "/optional-client-scopes/" + offlineScope)).expectSuccess();
        realm.admin().put(realm.adminPath("/clients/" + client + "/default-client-scopes/" + offlineScope), "").expectSuccess();

        JsonNode body = pats.exchange("pat-cli-offline", "alice", narrowedWritePat("offline-default").path("token").asText())
                .expect(200).json();
        assertFalse(body.has("refresh_token"), body::toString);
        assertNoSessionOf(client, "pat-cli-offline");
    }

    private void assertNoSessionOf(String clientUuid, String clientId) {
        JsonNode offline = realm.admin().get(realm.adminPath("/users/" + aliceId + "/offline-sessions/" + clientUuid))
                .expect(200).json();
        assertEquals(0, offline.size(), () -> "offline session of " + clientId + " left behind: " + offline);
        JsonNode offlineCount = realm.admin().get(realm.adminPath("/clients/" + clientUuid + "/offline-session-count"))
                .expect(200).json();
        assertEquals(0, offlineCount.path("count").asInt(), offlineCount::toString);
        JsonNode sessions = realm.admin().get(realm.adminPath("/users/" + aliceId + "/sessions")).expect(200).json();
        for (JsonNode s : sessions) {
            assertFalse(s.path("clients").toString().contains(clientId), () -> "session of " + clientId + " left behind: " + sessions);
        }
    }

    @Test
    void exchangedJwtIntrospectsWithTheSameNarrowedRolesAndGoesInactiveWhenItsPatIsRevoked() {
        JsonNode created = narrowedWritePat("introspect-exchanged");
        String jwt = pats.exchange(CLI, "alice", created.path("token").asText()).expect(200).json().path("access_token").asText();

        JsonNode answer = pats.introspectJson(RS, RS_SECRET, jwt);
        assertTrue(answer.path("active").asBoolean(), answer::toString);
        assertEquals(Set.of("reader"), Pats.texts(answer.path("realm_access").path("roles")), answer::toString);
        assertEquals(0, answer.path("resource_access").size(), answer::toString);
        assertEquals(created.path("id").asText(), answer.path("pat_id").asText(), answer::toString);
        assertTrue(Set.of(answer.path("scope").asText().split(" ")).containsAll(Set.of("read", "write")), answer::toString);

        pats.revokeAsOwner(aliceToken, created.path("id").asText());
        assertEquals("{\"active\":false}", pats.introspect(RS, RS_SECRET, jwt, null).expect(200).body());
    }

    @Test
    void exchangedJwtFollowsTheUsersLiveRolesAtIntrospection() {
        String u = realm.createUser("carol", "carol-pw");
        realm.joinGroup(u, teamId);
        realm.grantRealmRole(u, "reader");
        realm.grantRealmRole(u, "writer");
        String carolToken = pats.userToken("carol", "carol-pw");
        String pat = pats.create(carolToken, Pats.withRoles(Pats.request("live", teamId), "reader", "writer")).path("token").asText();
        String jwt = pats.exchange(CLI, "carol", pat).expect(200).json().path("access_token").asText();
        assertEquals(Set.of("reader", "writer"), Pats.texts(pats.introspectJson(RS, RS_SECRET, jwt).path("realm_access").path("roles")));

        realm.revokeRealmRole(u, "writer");
        realm.grantRealmRole(u, "deployer");
        assertEquals(Set.of("reader"), Pats.texts(pats.introspectJson(RS, RS_SECRET, jwt).path("realm_access").path("roles")));
        realm.setUserEnabled(u, false);
        assertEquals("{\"active\":false}", pats.introspect(RS, RS_SECRET, jwt, null).expect(200).body());
    }

    @Test
    void exchangeWithSomeoneElsesUsernameFails() {
        JsonNode created = narrowedWritePat("not-bobs");
        assertInvalidGrant(pats.exchange(CLI, "bob", created.path("token").asText()));
    }

    @Test
    void exchangeWithAWrongPatFails() {
        String pat = narrowedWritePat("wrong").path("token").asText();
        String otherSecret = Pats.withWrongSecret(pat, 31);
        assertInvalidGrant(pats.exchange(CLI, "alice", otherSecret));
        assertInvalidGrant(pats.exchange(CLI, "alice", "alice-pw"));
        assertInvalidGrant(pats.exchange(CLI, "alice", "kcpat_garbage"));
    }

    @Test
    void exchangeWithARevokedPatFails() {
        JsonNode created = narrowedWritePat("revoked");
        String pat = created.path("token").asText();
        pats.exchange(CLI, "alice", pat).expect(200);
        pats.revokeAsOwner(aliceToken, created.path("id").asText());
        assertInvalidGrant(pats.exchange(CLI, "alice", pat));
    }

    @Test
    void exchangeWithAnExpiredPatFails() {
        long expiresAt = System.currentTimeMillis() / 1000 + 3;
        String pat = pats.create(aliceToken, Pats.request("expiring", teamId).put("expiresAt", expiresAt)).path("token").asText();
        pats.exchange(CLI, "alice", pat).expect(200);
        assertTrue(Await.eventually(Duration.ofSeconds(20), () -> pats.exchange(CLI, "alice", pat).status() == 401),
                "exchange still works 20 s after expiry");
        assertTrue(System.currentTimeMillis() / 1000 >= expiresAt);
        assertInvalidGrant(pats.exchange(CLI, "alice", pat));
    }

    @Test
    void normalPasswordGrantOfOtherClientsStillWorks() {
        // admin-cli (Keycloak issues it lightweight access tokens, without roles)
        JsonNode adminCli = realm.passwordGrant("admin-cli", "alice", "alice-pw").expect(200).json();
        assertTrue(adminCli.has("refresh_token"), adminCli::toString);
        assertFalse(Pats.jwtClaims(adminCli.path("access_token").asText()).has("pat_id"));
        // a client of our own with the default flow
        realm.createConfidentialClient("plain-app", "plain-secret");
        JsonNode body = realm.passwordGrant("plain-app", "alice", "alice-pw").expect(200).json();
        assertTrue(body.has("refresh_token"), body::toString);
        JsonNode jwt = Pats.jwtClaims(body.path("access_token").asText());
        assertFalse(jwt.has("pat_id"), jwt::toString);
        assertFalse(jwt.has("team"), jwt::toString);
        assertTrue(Pats.texts(jwt.path("realm_access").path("roles")).containsAll(Set.of("reader", "writer")), jwt::toString);
        assertTrue(jwt.has("sid"), jwt::toString);
        // Keycloak 26.7's own answer to a wrong password (the PAT client's is 401: docs/api.md, "Exchange for a JWT")
        Http.Response wrong = realm.passwordGrant("plain-app", "alice", "wrong");
        assertEquals(400, wrong.status(), wrong::toString);
        assertEquals("invalid_grant", wrong.json().path("error").asText(), wrong::toString);
        // and the PAT client does not take the user's password
        assertInvalidGrant(pats.exchange(CLI, "alice", "alice-pw"));
    }

    @Test
    void patDerivedJwtCannotUseKeycloaksAccountApi() {
        String pat = pats.create(aliceToken, Pats.request("full-roles", teamId)).path("token").asText();
        // the PAT shows the user's live roles, the account client's among them...
        assertTrue(pats.introspectJson(RS, RS_SECRET, pat).path("resource_access").has("account"));
        String jwt = pats.exchange(CLI, "alice", pat).expect(200).json().path("access_token").asText();
        JsonNode claims = Pats.jwtClaims(jwt);
        // ...but what is derived from it can never manage the account (profile, e-mail, credentials, sessions)
        assertFalse(claims.path("resource_access").has("account"), claims::toString);
        assertFalse(Pats.texts(claims.path("aud")).contains("account"), claims::toString);
        assertTrue(Pats.texts(claims.path("realm_access").path("roles")).containsAll(Set.of("reader", "writer")), claims::toString);

        Http.Response read = realm.http().get(realm.path("/account"), "Authorization", "Bearer " + jwt, "Accept", "application/json");
        assertEquals(401, read.status(), read::toString);
        ObjectNode profile = Http.JSON.createObjectNode().put("username", "alice").put("email", "attacker@example.test")
                .put("firstName", "Alice").put("lastName", "Tester");
        Http.Response write = realm.http().postJson(realm.path("/account"), profile, "Authorization", "Bearer " + jwt);
        assertEquals(401, write.status(), write::toString);
        assertEquals("alice@example.test", realm.user(aliceId).path("email").asText());
        // the user's own login token still can
        realm.http().get(realm.path("/account"), "Authorization", "Bearer " + aliceToken, "Accept", "application/json").expect(200);
    }

    @Test
    void patDerivedJwtCannotCallTheSelfServiceApi() {
        String pat = narrowedWritePat("no-self-service").path("token").asText();
        String jwt = pats.exchange(CLI, "alice", pat).expect(200).json().path("access_token").asText();
        for (String bearer : new String[] {jwt, pat}) {
            Http.Response list = realm.http().get(realm.path("/personal-access-tokens"), "Authorization", "Bearer " + bearer);
            assertEquals(403, list.status(), list::toString);
            assertEquals("pat_not_allowed", list.json().path("error").asText(), list::toString);
            Http.Response create = pats.createResponse(bearer, Pats.request("minted", teamId));
            assertEquals(403, create.status(), create::toString);
            assertEquals("pat_not_allowed", create.json().path("error").asText(), create::toString);
        }
    }
}

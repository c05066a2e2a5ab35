package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.RealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API reference (docs/api.md, "Self-service API") over HTTP against the real Keycloak: every call of the self-service
 * API and every error case, including one user trying to read or revoke another's token. Every refused request is
 * checked to change nothing.
 */
class SelfServiceIT extends RealmIT {

    private static final Pattern TOKEN_FORMAT = Pattern.compile("kcpat_[0-9A-Za-z]{50}");
    private static final String CLIENT = "cli";
    private static final String WEB_ORIGIN = "http://app.example.test";

    private String platformId;
    private String dataId;
    private String opsId;

    @BeforeAll
    void setUp(TestRealm realm) {
        ObjectNode client = Http.JSON.createObjectNode()
                .put("clientId", CLIENT).put("enabled", true).put("publicClient", true)
                .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", true);
        client.putArray("webOrigins").add(WEB_ORIGIN);
        realm.createClient(client);
        pats.ensureIntrospector();
        realm.withRealmRoles("developer", "reader").withUser("alice", "developer", "reader");
        for (String name : List.of("bob", "carol", "dave", "erin", "frank", "grace")) {
            realm.withUser(name);
        }
        realm.withTeam("platform", "alice", "bob", "carol", "dave", "erin", "frank", "grace")
                .withTeam("data", "alice").withTeam("ops");
        platformId = realm.teamId("platform");
        dataId = realm.teamId("data");
        opsId = realm.teamId("ops");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private String login(String username) {
        return realm.userToken(CLIENT, username, username + "-pw");
    }

    private String base() {
        return realm.path("/personal-access-tokens");
    }

    private Http.Response create(String userToken, Object body) {
        return pats.createResponse(userToken, body);
    }

    private JsonNode createOk(String userToken, String name) {
        ObjectNode body = Http.JSON.createObjectNode().put("name", name).put("teamId", platformId).put("expirationDays", 30);
        return create(userToken, body).expect(201).json();
    }

    private JsonNode list(String userToken) {
        return pats.list(userToken);
    }

    private List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    private void setPolicy(String json) {
        realm.withPolicy(json);
    }

    private boolean introspectionActive(String pat) {
        return pats.active(pat);
    }

    /** Asserts a 400 with the error code and a human description, and that the caller's tokens did not change. */
    private void assertRefused(String userToken, Object body, String expectedError) {
        JsonNode before = list(userToken);
        Http.Response response = create(userToken, body);
        assertEquals(400, response.status(), () -> "expected 400 " + expectedError + " for " + body + ": " + response);
        JsonNode error = response.json();
        assertEquals(expectedError, error.path("error").asText(), response::toString);
        assertFalse(error.path("errorDescription").asText().isBlank(), "a human errorDescription: " + response);
        assertEquals(before, list(userToken), "a refused create must change nothing");
    }

    private ObjectNode body(String name) {
        return Http.JSON.createObjectNode().put("name", name).put("teamId", platformId).put("expirationDays", 30);
    }

    // ---- authentication ------------------------------------------------------------------------------

    @Test
    void everyCallNeedsABearerToken() {
        for (Http.Response r : List.of(
                realm.http().get(base()),
                realm.http().get(base() + "/options"),
                realm.http().postJson(base(), body("x")),
                realm.http().get(base() + "/some-id"),
                realm.http().delete(base() + "/some-id"),
                realm.http().get(base(), "Authorization", "Basic YWxpY2U6YWxpY2U="),
                realm.http().get(base(), "Authorization", "Bearer eyJhbGciOiJub25lIn0.e30."))) {
            assertEquals(401, r.status(), r::toString);
            assertEquals("unauthorized", r.json().path("error").asText(), r::toString);
        }
    }

    @Test
    void anAccessTokenOfAnotherRealmIsRefused(KeycloakServer server) {
        try (TestRealm other = TestRealm.create(server, realm.name() + "-other")) {
            other.createPublicClient(CLIENT);
            other.createUser("alice", "alice-pw");
            String foreign = other.userToken(CLIENT, "alice", "alice-pw");
            Http.Response r = realm.http().get(base(), "Authorization", "Bearer " + foreign);
            assertEquals(401, r.status(), r::toString);
            other.http().get(other.path("/personal-access-tokens"), "Authorization", "Bearer " + foreign).expect(200);
        }
    }

    @Test
    void aPersonalAccessTokenCannotManageTokens() {
        String erin = login("erin");
        String pat = createOk(erin, "can-it-mint").path("token").asText();
        Http.Response asBearer = realm.http().get(base(), "Authorization", "Bearer " + pat);
        assertEquals(403, asBearer.status(), asBearer::toString);
        assertEquals("pat_not_allowed", asBearer.json().path("error").asText());
        Http.Response mint = realm.http().postJson(base(), body("minted"), "Authorization", "Bearer " + pat);
        assertEquals(403, mint.status(), mint::toString);
        assertEquals(List.of("can-it-mint"), names(list(erin)));
    }

    // ---- create, list, get ---------------------------------------------------------------------------

    @Test
    void createReturnsTheTokenOnceWithItsViewAndLocation() {
        String alice = login("alice");
        long before = System.currentTimeMillis() / 1000 - 5;
        ObjectNode request = Http.JSON.createObjectNode().put("name", "  ci-deploy  ").put("teamId", platformId)
                .put("expirationDays", 30).put("write", true);
        request.putArray("roles").add("reader");
        Http.Response response = create(alice, request).expect(201);

        JsonNode created = response.json();
        String token = created.path("token").asText();
        assertTrue(TOKEN_FORMAT.matcher(token).matches(), "token format kcpat_ + 50 base62 chars: " + token);
        assertEquals("ci-deploy", created.path("name").asText(), "the name is trimmed");
        assertTrue(token.startsWith(created.path("prefix").asText()), "prefix is the token's leading characters");
        assertTrue(created.path("prefix").asText().length() < 20, "the prefix reveals no secret");
        assertEquals(platformId, created.path("team").path("id").asText());
        assertEquals("platform", created.path("team").path("name").asText());
        assertTrue(created.path("write").asBoolean());
        assertEquals(List.of("reader"), Http.JSON.convertValue(created.path("roles"), List.class));
        long createdAt = created.path("createdAt").asLong();
        assertTrue(createdAt >= before && createdAt <= before + 120, "createdAt in epoch seconds: " + createdAt);
        assertEquals(createdAt + 30 * 86400L, created.path("expiresAt").asLong(), 5);
        assertTrue(created.path("lastUsedAt").isNull());
        assertEquals("active", created.path("status").asText());
        assertEquals("no-store", response.header("Cache-Control").orElse(""));
        String location = response.header("Location").orElseThrow();
        assertTrue(location.endsWith(base() + "/" + created.path("id").asText()), location);

        JsonNode fetched = realm.http().get(location, "Authorization", "Bearer " + alice).expect(200).json();
        assertFalse(fetched.has("token"), "the token is shown only in the creation response");
        ObjectNode expected = ((ObjectNode) created.deepCopy());
        expected.remove("token");
        assertEquals(expected, fetched);
        assertFalse(list(alice).toString().contains(token.substring(18)), "the list never contains the secret");
    }

    @Test
    void listShowsOnlyTheCallersTokensNewestFirst() throws InterruptedException {
        String bob = login("bob");
        String carol = login("carol");
        createOk(bob, "first");
        Thread.sleep(1100); // createdAt has a resolution of one second
        createOk(bob, "second");
        createOk(carol, "carols");
        assertEquals(List.of("second", "first"), names(list(bob)));
        assertEquals(List.of("carols"), names(list(carol)));
        for (JsonNode t : list(bob)) {
            assertFalse(t.has("token"), "no secret in the list: " + t);
            for (String field : List.of("id", "name", "prefix", "team", "write", "roles", "createdAt", "expiresAt",
                    "lastUsedAt", "status")) {
                assertTrue(t.has(field), "TokenView field " + field + " in " + t);
            }
        }
    }

    @Test
    void optionsShowWhatTheCallerMayChoose() {
        String alice = login("alice");
        JsonNode options = realm.http().get(base() + "/options", "Authorization", "Bearer " + alice).expect(200).json();
        List<String> teams = new ArrayList<>();
        options.path("teams").forEach(t -> teams.add(t.path("name").asText()));
        assertEquals(List.of("data", "platform"), teams, "only the groups alice is in: " + options);
        assertEquals(List.of(7, 30, 60, 90), Http.JSON.convertValue(options.path("expirationDays"), List.class));
        assertTrue(options.path("allowNoExpiration").asBoolean());
        assertEquals(365, options.path("maxLifetimeDays").asInt());
        assertTrue(options.path("writeAllowed").asBoolean());
        List<String> roles = Http.JSON.convertValue(options.path("grantableRoles"), List.class);
        assertTrue(roles.containsAll(List.of("developer", "reader", "account/manage-account")), roles.toString());
        String frank = login("frank");
        JsonNode franks = realm.http().get(base() + "/options", "Authorization", "Bearer " + frank).expect(200).json();
        List<String> frankRoles = Http.JSON.convertValue(franks.path("grantableRoles"), List.class);
        assertFalse(frankRoles.contains("developer"), "frank does not hold developer: " + frankRoles);
    }

    @Test
    void tokensCanExpireOnACustomDateOrNever() {
        String alice = login("alice");
        long at = System.currentTimeMillis() / 1000 + 3 * 86400L;
        ObjectNode custom = Http.JSON.createObjectNode().put("name", "custom-date").put("teamId", dataId).put("expiresAt", at);
        JsonNode c = create(alice, custom).expect(201).json();
        assertEquals(at, c.path("expiresAt").asLong());
        ObjectNode never = Http.JSON.createObjectNode().put("name", "never").put("teamId", dataId);
        JsonNode n = create(alice, never).expect(201).json();
        assertTrue(n.path("expiresAt").isNull(), n::toString);
        assertTrue(introspectionActive(n.path("token").asText()));
    }

    // ---- errors ------------------------------------------------------------------------------------

    @Test
    void badCreateRequestsAreRefusedWithAClearErrorAndChangeNothing() {
        String dave = login("dave");
        createOk(dave, "taken");
        long now = System.currentTimeMillis() / 1000;
        assertRefused(dave, "{\"teamId\":\"" + platformId + "\",\"expirationDays\":30}", "invalid_name");
        assertRefused(dave, body("   "), "invalid_name");
        assertRefused(dave, body("x".repeat(101)), "invalid_name");
        assertRefused(dave, body("line\nbreak"), "invalid_name");
        assertRefused(dave, body("taken"), "duplicate_name");
        assertRefused(dave, body(" taken "), "duplicate_name");
        assertRefused(dave, Http.JSON.createObjectNode().put("name", "no-team").put("expirationDays", 30), "invalid_team");
        assertRefused(dave, body("unknown-team").put("teamId", "no-such-group"), "invalid_team");
        assertRefused(dave, body("not-my-team").put("teamId", opsId), "invalid_team");
        assertRefused(dave, body("odd-days").put("expirationDays", 12), "invalid_expiration");
        assertRefused(dave, body("both").put("expiresAt", now + 86400), "invalid_expiration");
        ObjectNode past = Http.JSON.createObjectNode().put("name", "past").put("teamId", platformId).put("expiresAt", now - 10);
        assertRefused(dave, past, "invalid_expiration");
        ObjectNode tooFar = Http.JSON.createObjectNode().put("name", "far").put("teamId", platformId)
                .put("expiresAt", now + 400 * 86400L);
        assertRefused(dave, tooFar, "invalid_expiration");
        ObjectNode notHeld = body("not-held");
        notHeld.putArray("roles").add("developer");
        assertRefused(dave, notHeld, "invalid_role");
        ObjectNode noSuchRole = body("no-such-role");
        noSuchRole.putArray("roles").add("no-such-client/role");
        assertRefused(dave, noSuchRole, "invalid_role");
        assertRefused(dave, "{\"name\": \"broken\", ", "invalid_json");
        assertRefused(dave, "[1,2,3]", "invalid_request");
        assertRefused(dave, body("typo").put("wirte", true), "invalid_request");
        assertRefused(dave, body("wrong-type").put("write", "yes"), "invalid_request");
        assertEquals(List.of("taken"), names(list(dave)));
    }

    @Test
    void thePolicyDecidesExpiryWriteAndLimits() {
        String frank = login("frank");
        try {
            setPolicy("{\"allowNoExpiration\":false,\"writeAllowed\":false,\"maxTokensPerUser\":2,\"expirationDays\":[7,30]}");
            JsonNode options = realm.http().get(base() + "/options", "Authorization", "Bearer " + frank).expect(200).json();
            assertFalse(options.path("allowNoExpiration").asBoolean());
            assertFalse(options.path("writeAllowed").asBoolean());
            assertEquals(List.of(7, 30), Http.JSON.convertValue(options.path("expirationDays"), List.class));

            assertRefused(frank, Http.JSON.createObjectNode().put("name", "forever").put("teamId", platformId),
                    "invalid_expiration");
            assertRefused(frank, body("writer").put("write", true), "write_not_allowed");
            assertRefused(frank, body("ninety").put("expirationDays", 90), "invalid_expiration");
            createOk(frank, "one");
            createOk(frank, "two");
            assertRefused(frank, body("three"), "too_many_tokens");
            String id = list(frank).get(0).path("id").asText();
            realm.http().delete(base() + "/" + id, "Authorization", "Bearer " + frank).expect(204);
            createOk(frank, "three");
        } finally {
            setPolicy("{}");
        }
    }

    // ---- other users' tokens, revocation -------------------------------------------------------------

    @Test
    void oneUserCanNeitherReadNorRevokeAnothersToken() {
        String alice = login("alice");
        String bob = login("bob");
        JsonNode alicesToken = createOk(alice, "alices-secret-job");
        String id = alicesToken.path("id").asText();

        Http.Response read = realm.http().get(base() + "/" + id, "Authorization", "Bearer " + bob);
        assertEquals(404, read.status(), read::toString);
        assertEquals("not_found", read.json().path("error").asText());
        Http.Response revoke = realm.http().delete(base() + "/" + id, "Authorization", "Bearer " + bob);
        assertEquals(404, revoke.status(), revoke::toString);
        Http.Response unknown = realm.http().get(base() + "/00000000-0000-0000-0000-000000000000", "Authorization", "Bearer " + bob);
        assertEquals(unknown.status(), read.status(), "another's token looks exactly like an unknown one");
        assertEquals(unknown.body(), read.body());

        assertTrue(introspectionActive(alicesToken.path("token").asText()), "bob's attempt changed nothing");
        realm.http().get(base() + "/" + id, "Authorization", "Bearer " + alice).expect(200);
    }

    @Test
    void deleteRevokesAtOnce() {
        String carol = login("carol");
        JsonNode t = createOk(carol, "to-revoke");
        String pat = t.path("token").asText();
        assertTrue(introspectionActive(pat));
        realm.http().delete(base() + "/" + t.path("id").asText(), "Authorization", "Bearer " + carol).expect(204);
        assertFalse(introspectionActive(pat), "revoked token inactive on the next request");
        assertEquals(404, realm.http().get(base() + "/" + t.path("id").asText(), "Authorization", "Bearer " + carol).status());
        assertEquals(404, realm.http().delete(base() + "/" + t.path("id").asText(), "Authorization", "Bearer " + carol).status());
        assertFalse(names(list(carol)).contains("to-revoke"));
        // the name is free again
        createOk(carol, "to-revoke");
    }

    @Test
    void whoeverHoldsALeakedTokenCanRevokeItWithoutLogin() {
        String grace = login("grace");
        JsonNode t = createOk(grace, "leaked");
        String pat = t.path("token").asText();
        JsonNode other = createOk(grace, "not-leaked");

        // the last checksum character changed (to another one: a token ending in "x" stays itself with "+ x")
        char last = pat.charAt(pat.length() - 1);
        String badChecksum = pat.substring(0, pat.length() - 1) + (last == 'x' ? 'y' : 'x');
        Http.Response malformed = realm.http().postJson(base() + "/revoke", Map.of("token", badChecksum));
        assertEquals(400, malformed.status(), malformed::toString);
        assertEquals("invalid_token", malformed.json().path("error").asText());
        Http.Response noBody = realm.http().postJson(base() + "/revoke", "{}");
        assertEquals(400, noBody.status(), noBody::toString);
        assertTrue(introspectionActive(pat), "refused revocations change nothing");

        realm.http().postJson(base() + "/revoke", Map.of("token", pat)).expect(204);
        assertFalse(introspectionActive(pat));
        assertEquals(List.of("not-leaked"), names(list(grace)));
        assertTrue(introspectionActive(other.path("token").asText()));
        // revoking again (or an unknown well-formed token) reveals nothing: same 204
        realm.http().postJson(base() + "/revoke", Map.of("token", pat)).expect(204);
    }

    // ---- CORS ------------------------------------------------------------------------------------------

    @Test
    void corsAllowsTheClientsWebOrigins() {
        String alice = login("alice");
        Http.Response preflight = realm.http().send(realm.http().request(base())
                .header("Origin", WEB_ORIGIN).header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, preflight.status(), preflight::toString);
        assertEquals(WEB_ORIGIN, preflight.header("Access-Control-Allow-Origin").orElse(""), preflight.headers().toString());
        assertTrue(preflight.header("Access-Control-Allow-Methods").orElse("").contains("POST"));

        Http.Response allowed = realm.http().get(base(), "Authorization", "Bearer " + alice, "Origin", WEB_ORIGIN);
        assertEquals(200, allowed.status());
        assertEquals(WEB_ORIGIN, allowed.header("Access-Control-Allow-Origin").orElse(""), allowed.headers().toString());
        Http.Response foreign = realm.http().get(base(), "Authorization", "Bearer " + alice, "Origin", "http://evil.example.test");
        assertNotEquals("http://evil.example.test", foreign.header("Access-Control-Allow-Origin").orElse(""));
    }
}

package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.SecretCheckedRealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /self} (docs/api.md, "Rotation and self"): a token tells a CLI about itself (whoami, when it expires)
 * through every credential form; everything else of the self-service API still refuses a PAT.
 */
class SelfIT extends SecretCheckedRealmIT {

    private String teamId;
    private String aliceId;
    private String alice;

    @BeforeAll
    void setUp(TestRealm realm) {
        realm.withRealmRoles("reader", "deployer").withUser("alice", "reader", "deployer").withTeam("platform", "alice");
        teamId = realm.teamId("platform");
        aliceId = realm.userId("alice");
        alice = realm.userToken("alice");
    }

    private String base() {
        return realm.path("/personal-access-tokens");
    }

    private JsonNode create(String name, String... roles) {
        ObjectNode request = Pats.request(name, teamId).put("expirationDays", 30);
        return pats.create(alice, roles.length == 0 ? request : Pats.withRoles(request, roles));
    }

    private void assertSelf(JsonNode created, Http.Response response) {
        response.expect(200);
        assertEquals("no-store", response.header("Cache-Control").orElse(""));
        JsonNode self = response.json();
        assertEquals(created.path("id").asText(), self.path("id").asText(), self::toString);
        assertEquals(created.path("name").asText(), self.path("name").asText());
        assertEquals(created.path("expiresAt").asLong(), self.path("expiresAt").asLong());
        assertEquals(teamId, self.path("team").path("id").asText());
        assertEquals(aliceId, self.path("user").path("id").asText());
        assertEquals("alice", self.path("user").path("username").asText());
        assertTrue(self.path("token").isMissingNode(), "the plaintext is never shown again");
    }

    @Test
    void selfThroughAllThreeCredentialForms() {
        JsonNode created = create("cli", "reader");
        String pat = created.path("token").asText();
        assertSelf(created, realm.http().get(base() + "/self", "Authorization", "Bearer " + pat));
        assertSelf(created, realm.http().get(base() + "/self", "Authorization", Pats.basic("alice", pat)));
        assertSelf(created, realm.http().get(base() + "/self", "X-API-Access-Token", pat));
        JsonNode self = realm.http().get(base() + "/self", "Authorization", "Bearer " + pat).json();
        assertEquals(Set.of("reader"), Pats.texts(self.path("roles")), "the live narrowed roles");
    }

    @Test
    void selfShowsLiveRoles() {
        JsonNode created = create("live");
        String pat = created.path("token").asText();
        JsonNode self = realm.http().get(base() + "/self", "Authorization", "Bearer " + pat).expect(200).json();
        assertTrue(Pats.texts(self.path("roles")).containsAll(Set.of("reader", "deployer")), self::toString);
        String bobId = realm.createUser("bob-live", "bob-pw");
        realm.joinGroup(bobId, teamId);
        realm.grantRealmRole(bobId, "deployer");
        JsonNode bobs = pats.create(pats.userToken("bob-live", "bob-pw"), Pats.request("b", teamId).put("expirationDays", 7));
        realm.revokeRealmRole(bobId, "deployer");
        JsonNode bobSelf = realm.http().get(base() + "/self", "Authorization", "Bearer " + bobs.path("token").asText())
                .expect(200).json();
        assertTrue(!Pats.texts(bobSelf.path("roles")).contains("deployer"), "a role taken away is gone at once: " + bobSelf);
    }

    @Test
    void invalidTokensGet401WithChallenges() {
        JsonNode created = create("wrong");
        String pat = created.path("token").asText();
        for (String[] headers : List.of(
                new String[] {"Authorization", "Bearer " + Pats.withWrongSecret(pat, 3)},
                new String[] {"Authorization", "Bearer kcpat_garbage"},
                new String[] {"Authorization", Pats.basic("someone-else", pat)},
                new String[] {"X-Unrelated", "x"})) {
            Http.Response r = realm.http().get(base() + "/self", headers);
            assertEquals(401, r.status(), () -> String.join(" ", headers) + " → " + r);
            List<String> challenges = r.headers().allValues("WWW-Authenticate");
            assertTrue(challenges.stream().anyMatch(c -> c.startsWith("Basic ")), challenges::toString);
            assertTrue(challenges.stream().anyMatch(c -> c.startsWith("Bearer ")), challenges::toString);
            assertEquals("invalid_token", r.json().path("error").asText());
        }
        // a user's session token is not a PAT
        assertEquals(401, realm.http().get(base() + "/self", "Authorization", "Bearer " + alice).status());
        // revoked
        pats.revokeAsOwner(alice, created.path("id").asText());
        assertEquals(401, realm.http().get(base() + "/self", "Authorization", "Bearer " + pat).status());
    }

    @Test
    void aPatIsStillRefusedOnEveryOtherSelfServiceCall() {
        JsonNode created = create("not-a-session");
        String pat = created.path("token").asText();
        String id = created.path("id").asText();
        String bearer = "Bearer " + pat;
        List<Http.Response> answers = List.of(
                realm.http().get(base(), "Authorization", bearer),
                realm.http().get(base() + "/options", "Authorization", bearer),
                realm.http().postJson(base(), Pats.request("minted", teamId), "Authorization", bearer),
                realm.http().get(base() + "/" + id, "Authorization", bearer),
                realm.http().delete(base() + "/" + id, "Authorization", bearer),
                realm.http().postJson(base() + "/" + id + "/rotate", "", "Authorization", bearer));
        for (Http.Response r : answers) {
            assertEquals(403, r.status(), r::toString);
            assertEquals("pat_not_allowed", r.json().path("error").asText(), r::toString);
        }
        JsonNode list = pats.list(alice);
        list.forEach(t -> assertTrue(!"minted".equals(t.path("name").asText()), "no token was minted by a PAT"));
        realm.http().get(base() + "/self", "Authorization", bearer).expect(200);
    }

    @Test
    void lastUsedIpsShowWhereTheTokenWasUsedAsKeycloakSeesTheClient() {
        JsonNode created = create("where");
        String pat = created.path("token").asText();
        String id = created.path("id").asText();
        assertEquals(0, pats.view(alice, id).path("lastUsedIps").size(), "never used: no addresses");
        // no proxy is configured: a client cannot choose the address it is recorded with
        realm.http().get(base() + "/check", "Authorization", "Bearer " + pat, "X-Forwarded-For", "203.0.113.66",
                "Forwarded", "for=203.0.113.67").expect(200);
        JsonNode view = pats.view(alice, id);
        List<String> ips = new java.util.ArrayList<>();
        view.path("lastUsedIps").forEach(ip -> ips.add(ip.asText()));
        assertEquals(1, ips.size(), view::toString);
        assertTrue(ips.get(0).equals("127.0.0.1") || ips.get(0).contains(":"), view::toString);
        assertTrue(view.path("lastUsedAt").isNumber(), view::toString);
        assertTrue(view.path("rotatedFrom").isNull(), view::toString);
    }
}

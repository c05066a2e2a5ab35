package dev.keycloakpat.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.TestRealm;
import dev.keycloakpat.it.harness.TokenStrings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incident tools (docs/api.md, "Service accounts and incidents"): lookup by whole token, realm-wide search, bulk revoke
 * of a user's or a team's tokens; each an admin event; Keycloak's admin rights, including fine-grained admin
 * permissions (v2), decide who may do what.
 */
@KeycloakIT
class IncidentToolsIT {

    private static String platform;
    private static String sales;
    private static String base;

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.pats().ensureIntrospector();
        platform = realm.createGroup("platform");
        sales = realm.createGroup("sales");
        realm.pats().adminSetPolicy("{\"teamSource\":\"groups\"}");
        ObjectNode events = Http.JSON.createObjectNode().put("eventsEnabled", true);
        events.putArray("enabledEventTypes").add("REMOVE_CREDENTIAL").add("UPDATE_CREDENTIAL");
        realm.update(events);
        base = "/admin/realms/" + realm.name() + "/personal-access-tokens";
    }

    private static String member(TestRealm realm, String username, String group) {
        String id = realm.createUser(username, username + "-pw");
        realm.joinGroup(id, group);
        return id;
    }

    private static JsonNode token(TestRealm realm, String username, String name, String team) {
        return realm.pats().create(realm.pats().userToken(username, username + "-pw"),
                Pats.request(name).put("teamId", team).put("expirationDays", 30));
    }

    private static Http.Response lookup(TestRealm realm, String pat) {
        return realm.admin().post(realm.adminPath("/personal-access-tokens/lookup"), Http.JSON.createObjectNode().put("token", pat));
    }

    @Test
    void lookupFindsTheOwnerOfAWholeTokenAndNothingElse(TestRealm realm) {
        String ownerId = member(realm, "lou", platform);
        JsonNode t = token(realm, "lou", "found-in-a-log", platform);
        String pat = t.path("token").asText();

        Http.Response found = lookup(realm, pat);
        assertEquals(200, found.status(), found::toString);
        JsonNode view = found.json();
        assertEquals(t.path("id").asText(), view.path("id").asText());
        assertEquals(ownerId, view.path("userId").asText());
        assertEquals("lou", view.path("username").asText());
        assertEquals("found-in-a-log", view.path("name").asText());
        assertEquals(t.path("prefix").asText(), view.path("prefix").asText());
        assertEquals("platform", view.path("team").path("name").asText());
        assertEquals("active", view.path("status").asText());
        assertFalse(view.has("token"), "the lookup never echoes the token: " + view);
        assertTrue(realm.pats().active(pat), "a lookup revokes nothing");

        Http.Response wrongSecret = lookup(realm, dev.keycloakpat.it.harness.TokenStrings.withWrongSecret(pat, 5));
        assertEquals(404, wrongSecret.status(), wrongSecret::toString);
        assertEquals("not_found", wrongSecret.json().path("error").asText());
        Http.Response unknown = lookup(realm, dev.keycloakpat.it.harness.TokenStrings.withChecksum("kcpat_" + "Q".repeat(44)));
        assertEquals(404, unknown.status(), unknown::toString);
        Http.Response malformed = lookup(realm, pat.substring(0, pat.length() - 1));
        assertEquals(400, malformed.status(), malformed::toString);
        assertEquals("invalid_token", malformed.json().path("error").asText());
        assertEquals(400, realm.admin().post(realm.adminPath("/personal-access-tokens/lookup"), "{}").status());
        assertEquals(400, realm.admin().post(realm.adminPath("/personal-access-tokens/lookup"), "{\"token\":").status());
        // after wrong secrets, the real token is still found (no silent throttling)
        assertEquals(200, lookup(realm, pat).status());

        JsonNode adminEvents = realm.admin().get(realm.adminPath("/admin-events?operationTypes=ACTION&max=1000")).expect(200).json();
        assertTrue(adminEvents.toString().contains("personal-access-tokens/lookup"), adminEvents::toString);
        assertTrue(adminEvents.toString().contains(t.path("id").asText()), adminEvents::toString);
    }

    @Test
    void searchAcrossTheRealmByNamePrefixTeamAndStatusPaged(TestRealm realm) {
        member(realm, "sam", platform);
        member(realm, "sue", sales);
        JsonNode a = token(realm, "sam", "Deploy-Prod", platform);
        JsonNode b = token(realm, "sue", "deploy-staging", sales);
        JsonNode c = token(realm, "sam", "laptop", platform);

        assertEquals(Set.of(a.path("id").asText(), b.path("id").asText()), ids(search(realm, "?search=DEPLOY")),
                "a name fragment, any case, across users");
        String prefix = c.path("prefix").asText();
        assertEquals(Set.of(c.path("id").asText()), ids(search(realm, "?search=" + prefix)));
        assertTrue(ids(search(realm, "?search=" + prefix.substring(0, 10))).contains(c.path("id").asText()), "a shorter prefix");
        assertEquals(Set.of(b.path("id").asText()), ids(search(realm, "?search=deploy&teamId=" + sales)));
        assertTrue(ids(search(realm, "?status=active")).containsAll(Set.of(a.path("id").asText(), b.path("id").asText())));
        assertFalse(ids(search(realm, "?status=expired")).contains(a.path("id").asText()));
        JsonNode one = search(realm, "?search=deploy&first=0&max=1").expect(200).json();
        JsonNode two = search(realm, "?search=deploy&first=1&max=1").expect(200).json();
        assertEquals(1, one.size());
        assertEquals(1, two.size());
        assertEquals(Set.of(a.path("id").asText(), b.path("id").asText()), Set.of(one.get(0).path("id").asText(), two.get(0).path("id").asText()));
        assertEquals("sue", find(search(realm, "?search=deploy-staging").expect(200).json(), b).path("username").asText());
        assertEquals(Set.of(), ids(search(realm, "?search=100%25_match")), "wildcards are literal");

        Http.Response wholeToken = search(realm, "?search=" + a.path("token").asText());
        assertEquals(400, wholeToken.status(), wholeToken::toString);
        assertTrue(wholeToken.json().path("errorDescription").asText().contains("lookup"), wholeToken::toString);
        assertEquals(400, search(realm, "?status=revoked").status());

        JsonNode adminEvents = realm.admin().get(realm.adminPath("/admin-events?operationTypes=ACTION&max=1000")).expect(200).json();
        assertTrue(adminEvents.toString().contains("DEPLOY"), "the search is recorded: " + adminEvents);
    }

    @Test
    void bulkRevokeKillsEveryTokenOfAUserOrATeam(TestRealm realm) {
        String ronId = member(realm, "ron", platform);
        member(realm, "rita", platform);
        String rexId = member(realm, "rex", sales);
        String ron1 = token(realm, "ron", "r1", platform).path("token").asText();
        String ron2 = token(realm, "ron", "r2", platform).path("token").asText();
        String rita = token(realm, "rita", "t1", platform).path("token").asText();
        String rex = token(realm, "rex", "x1", sales).path("token").asText();

        JsonNode byUser = realm.admin().post(realm.adminPath("/personal-access-tokens/revoke"),
                Http.JSON.createObjectNode().put("userId", ronId)).expect(200).json();
        assertEquals(2, byUser.path("revoked").asInt(), byUser::toString);
        assertFalse(realm.pats().active(ron1));
        assertFalse(realm.pats().active(ron2));
        assertTrue(realm.pats().active(rita));

        String ron3 = token(realm, "ron", "r3", platform).path("token").asText();
        JsonNode byTeam = realm.admin().post(realm.adminPath("/personal-access-tokens/revoke"),
                Http.JSON.createObjectNode().put("teamId", platform)).expect(200).json();
        assertTrue(byTeam.path("revoked").asInt() >= 2, byTeam::toString);
        assertFalse(realm.pats().active(rita));
        assertFalse(realm.pats().active(ron3));
        assertTrue(realm.pats().active(rex), "another team's token survives");
        assertEquals(0, realm.admin().post(realm.adminPath("/personal-access-tokens/revoke"),
                Http.JSON.createObjectNode().put("teamId", platform)).expect(200).json().path("revoked").asInt());

        JsonNode events = realm.admin().get(realm.adminPath("/events?type=REMOVE_CREDENTIAL&user=" + ronId)).expect(200).json();
        assertEquals(3, events.size(), events::toString);
        events.forEach(e -> assertEquals("admin", e.path("details").path("revoked_by").asText(), e::toString));

        for (String body : List.of("{}", "{\"userId\":\"" + ronId + "\",\"teamId\":\"" + platform + "\"}", "{\"userId\":1}",
                "{\"user\":\"" + ronId + "\"}", "{")) {
            Http.Response bad = realm.admin().post(realm.adminPath("/personal-access-tokens/revoke"), body);
            assertEquals(400, bad.status(), () -> body + " -> " + bad);
            assertFalse(bad.json().path("errorDescription").asText().isBlank());
        }
        assertEquals(404, realm.admin().post(realm.adminPath("/personal-access-tokens/revoke"), "{\"userId\":\"nobody\"}").status());
        assertEquals(404, realm.admin().post(realm.adminPath("/personal-access-tokens/revoke"), "{\"teamId\":\"no-team\"}").status());
        assertTrue(realm.pats().active(rex), "refused calls revoked nothing");
        JsonNode adminEvents = realm.admin().get(realm.adminPath("/admin-events?operationTypes=ACTION&max=1000")).expect(200).json();
        assertTrue(adminEvents.toString().contains(rexId) || adminEvents.toString().contains(ronId), adminEvents::toString);
    }

    @Test
    void viewOnlyAdminsLookAndSearchNonAdminsGetNothing(TestRealm realm) {
        member(realm, "vic", platform);
        String vicId = realm.userId("vic");
        JsonNode t = token(realm, "vic", "v1", platform);
        String pat = t.path("token").asText();

        String viewer = realm.createUser("inc-viewer", "inc-viewer-pw");
        realm.grantClientRoles(viewer, "realm-management", "view-users");
        String v = realm.pats().userToken("inc-viewer", "inc-viewer-pw");
        assertEquals(200, realm.pats().asUser(v, "POST", base + "/lookup", "{\"token\":\"" + pat + "\"}").status());
        assertEquals(200, realm.pats().asUser(v, "GET", base + "?search=v1", null).status());
        assertEquals(403, realm.pats().asUser(v, "POST", base + "/revoke", "{\"userId\":\"" + vicId + "\"}").status());
        assertEquals(403, realm.pats().asUser(v, "POST", base + "/revoke", "{\"teamId\":\"" + platform + "\"}").status());

        realm.createUser("nobody-special", "nobody-pw");
        String n = realm.pats().userToken("nobody-special", "nobody-pw");
        assertEquals(403, realm.pats().asUser(n, "POST", base + "/lookup", "{\"token\":\"" + pat + "\"}").status());
        assertEquals(403, realm.pats().asUser(n, "GET", base + "?search=v1", null).status());
        assertEquals(403, realm.pats().asUser(n, "POST", base + "/revoke", "{\"userId\":\"" + vicId + "\"}").status());
        assertTrue(realm.pats().active(pat), "refused: nothing revoked");
    }

    /**
     * Fine-grained admin permissions (v2, on by default in Keycloak 26.7): an admin with query-users and a permission to
     * view and manage alice only sees, looks up and revokes alice's tokens, and nobody else's.
     */
    @Test
    void anAdminLimitedByFineGrainedPermissionsSeesAndRevokesOnlyTheirUsers(TestRealm realm) {
        String aliceId = member(realm, "fg-alice", platform);
        String bobId = member(realm, "fg-bob", platform);
        JsonNode alice1 = token(realm, "fg-alice", "fg-a1", platform);
        JsonNode alice2 = token(realm, "fg-alice", "fg-a2", platform);
        JsonNode bob1 = token(realm, "fg-bob", "fg-b1", platform);
        String limitedId = realm.createUser("fg-admin", "fg-admin-pw");
        realm.grantClientRoles(limitedId, "realm-management", "query-users");
        enableFineGrainedPermissions(realm, limitedId, aliceId);
        String admin = realm.pats().userToken("fg-admin", "fg-admin-pw");

        Http.Response all = realm.pats().asUser(admin, "GET", base + "?search=fg-", null);
        assertEquals(200, all.status(), all::toString);
        assertEquals(Set.of(alice1.path("id").asText(), alice2.path("id").asText()), ids(all), "only alice's tokens");
        Http.Response list = realm.pats().asUser(admin, "GET", base + "?max=1000", null);
        assertEquals(200, list.status(), list::toString);
        assertFalse(ids(list).contains(bob1.path("id").asText()), list::toString);
        JsonNode paged = realm.pats().asUser(admin, "GET", base + "?search=fg-&first=1&max=1", null).json();
        assertEquals(1, paged.size(), paged::toString);
        assertEquals(403, realm.pats().asUser(admin, "GET", base + "?userId=" + bobId, null).status());

        assertEquals(200, realm.pats().asUser(admin, "POST", base + "/lookup", "{\"token\":\"" + alice1.path("token").asText() + "\"}").status());
        Http.Response bobLookup = realm.pats().asUser(admin, "POST", base + "/lookup", "{\"token\":\"" + bob1.path("token").asText() + "\"}");
        assertEquals(404, bobLookup.status(), "bob's token is not there for this admin: " + bobLookup);

        assertEquals(403, realm.pats().asUser(admin, "POST", base + "/revoke", "{\"userId\":\"" + bobId + "\"}").status());
        assertEquals(403, realm.pats().asUser(admin, "POST", base + "/revoke", "{\"teamId\":\"" + platform + "\"}").status());
        assertEquals(403, realm.pats().asUser(admin, "DELETE", base + "/" + bob1.path("id").asText(), null).status());
        assertTrue(realm.pats().active(bob1.path("token").asText()), "bob's token survived every refused call");

        Http.Response revokeAlice = realm.pats().asUser(admin, "POST", base + "/revoke", "{\"userId\":\"" + aliceId + "\"}");
        assertEquals(200, revokeAlice.status(), revokeAlice::toString);
        assertEquals(2, revokeAlice.json().path("revoked").asInt());
        assertFalse(realm.pats().active(alice1.path("token").asText()));
        assertTrue(realm.pats().active(bob1.path("token").asText()));
    }

    /** Turns on admin permissions for the realm and lets {@code adminId} view and manage {@code userId} only. */
    private static void enableFineGrainedPermissions(TestRealm realm, String adminId, String userId) {
        realm.update(Http.JSON.createObjectNode().put("adminPermissionsEnabled", true));
        String client = realm.clientUuid("admin-permissions");
        String authz = realm.adminPath("/clients/" + client + "/authz/resource-server");
        ObjectNode policy = Http.JSON.createObjectNode().put("name", "is-fg-admin").put("logic", "POSITIVE");
        policy.putArray("users").add(adminId);
        String policyId = realm.admin().post(authz + "/policy/user", policy).expect(201).json().path("id").asText();
        ObjectNode permission = Http.JSON.createObjectNode().put("name", "fg-admin-manages-alice")
                .put("resourceType", "Users").put("decisionStrategy", "UNANIMOUS");
        permission.putArray("resources").add(userId);
        permission.putArray("scopes").add("view").add("manage");
        permission.putArray("policies").add(policyId);
        realm.admin().post(authz + "/permission/scope", permission).expect(201);
    }

    private static Http.Response search(TestRealm realm, String query) {
        return realm.admin().get(realm.adminPath("/personal-access-tokens" + query));
    }

    private static Set<String> ids(Http.Response r) {
        Set<String> out = new HashSet<>();
        r.expect(200).json().forEach(t -> out.add(t.path("id").asText()));
        return out;
    }

    private static JsonNode find(JsonNode list, JsonNode token) {
        List<String> seen = new ArrayList<>();
        for (JsonNode t : list) {
            if (token.path("id").asText().equals(t.path("id").asText())) {
                return t;
            }
            seen.add(t.path("id").asText());
        }
        throw new AssertionError("no " + token.path("id").asText() + " in " + seen);
    }
}

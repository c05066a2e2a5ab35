package dev.keycloakpat.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API reference (docs/api.md, "Admin API and policy"): the admin API lists, revokes and sets the policy, with
 * Keycloak's admin rights.
 */
@KeycloakIT
class AdminApiIT {

    private static String aliceId;
    private static String bobId;

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.setAttribute("kcpat.policy", "{\"teamSource\":\"none\"}");
        aliceId = realm.createUser("alice", "alice-pw");
        bobId = realm.createUser("bob", "bob-pw");
        realm.pats().ensureIntrospector();
        ObjectNode events = Http.JSON.createObjectNode().put("eventsEnabled", true);
        events.putArray("enabledEventTypes").add("REMOVE_CREDENTIAL").add("UPDATE_CREDENTIAL");
        realm.update(events);
    }

    @Test
    void listShowsEveryTokenOfTheRealmNewestFirstWithItsOwner(TestRealm realm) {
        String alice = realm.pats().userToken("alice", "alice-pw");
        String bob = realm.pats().userToken("bob", "bob-pw");
        String a1 = realm.pats().create(alice, Pats.request("list-a1")).path("id").asText();
        String b1 = realm.pats().create(bob, Pats.request("list-b1")).path("id").asText();
        String a2 = realm.pats().create(alice, Pats.request("list-a2").put("expirationDays", 30)).path("id").asText();

        JsonNode all = realm.pats().adminList("").expect(200).json();
        List<String> ids = new ArrayList<>();
        all.forEach(t -> ids.add(t.path("id").asText()));
        assertTrue(ids.containsAll(List.of(a1, a2, b1)), all::toString);
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).path("createdAt").asLong() >= all.get(i).path("createdAt").asLong(), "newest first: " + all);
        }
        JsonNode a2View = find(all, a2);
        assertEquals(aliceId, a2View.path("userId").asText());
        assertEquals("alice", a2View.path("username").asText());
        assertEquals("list-a2", a2View.path("name").asText());
        assertTrue(a2View.path("prefix").asText().startsWith("kcpat_"), a2View::toString);
        assertEquals("active", a2View.path("status").asText());
        assertFalse(a2View.has("token") || a2View.has("secretHash"), "no secret in the admin list: " + a2View);
        assertEquals("bob", find(all, b1).path("username").asText());

        List<String> alicesOnly = realm.pats().adminListIds("?userId=" + aliceId);
        assertTrue(alicesOnly.containsAll(List.of(a1, a2)) && !alicesOnly.contains(b1), alicesOnly::toString);
        assertEquals(List.of(), realm.pats().adminListIds("?userId=no-such-user"));

        List<String> page1 = realm.pats().adminListIds("?userId=" + aliceId + "&first=0&max=1");
        List<String> page2 = realm.pats().adminListIds("?userId=" + aliceId + "&first=1&max=1");
        assertEquals(1, page1.size());
        assertEquals(1, page2.size());
        assertFalse(page1.equals(page2));
        assertEquals(alicesOnly.subList(0, 2), List.of(page1.get(0), page2.get(0)));

        Http.Response badMax = realm.pats().adminList("?max=0");
        assertEquals(400, badMax.status(), badMax::toString);
        assertEquals("invalid_request", badMax.json().path("error").asText());
    }

    @Test
    void adminRevokeStopsTheTokenAtOnceAndIsRecorded(TestRealm realm) {
        String bob = realm.pats().userToken("bob", "bob-pw");
        JsonNode created = realm.pats().create(bob, Pats.request("revoke-me"));
        String id = created.path("id").asText();
        String pat = created.path("token").asText();
        assertTrue(realm.pats().active(pat));

        realm.admin().delete(realm.adminPath("/personal-access-tokens/" + id)).expect(204);

        assertFalse(realm.pats().active(pat), "revoked by an admin: inactive on the next introspection");
        assertFalse(realm.pats().adminListIds("?userId=" + bobId).contains(id));
        Http.Response again = realm.admin().delete(realm.adminPath("/personal-access-tokens/" + id));
        assertEquals(404, again.status(), again::toString);
        assertEquals("not_found", again.json().path("error").asText());

        JsonNode events = realm.admin().get(realm.adminPath("/events?type=REMOVE_CREDENTIAL&user=" + bobId)).expect(200).json();
        boolean recorded = false;
        for (JsonNode e : events) {
            JsonNode d = e.path("details");
            if (id.equals(d.path("pat_id").asText())) {
                assertEquals("admin", d.path("revoked_by").asText(), e::toString);
                recorded = true;
            }
        }
        assertTrue(recorded, "a REMOVE_CREDENTIAL event with revoked_by=admin: " + events);
    }

    @Test
    void policyChangesOnlyTheGivenFields(TestRealm realm) {
        JsonNode before = realm.pats().adminPolicy();
        assertEquals(365, before.path("maxLifetimeDays").asInt());
        JsonNode updated = realm.pats().adminPutPolicy("{\"maxTokensPerUser\":20,\"writeRole\":\"writer\"}").expect(200).json();
        assertEquals(20, updated.path("maxTokensPerUser").asInt());
        JsonNode after = realm.pats().adminPolicy();
        assertEquals(20, after.path("maxTokensPerUser").asInt());
        assertEquals("writer", after.path("writeRole").asText());
        assertEquals(before.path("maxLifetimeDays"), after.path("maxLifetimeDays"));
        assertEquals("none", after.path("teamSource").asText());
        realm.pats().adminSetPolicy("{\"maxTokensPerUser\":50,\"writeRole\":null}");
    }

    @Test
    void badPolicyValuesAreRefusedAndChangeNothing(TestRealm realm) {
        JsonNode before = realm.pats().adminPolicy();
        for (String body : List.of("{\"maxLifetimeDays\":0}", "{\"maxLifetimeDays\":30}", "{\"teamSource\":\"ldap\"}",
                "{\"bcryptCost\":3}", "{\"maxTokensPerUser\":\"many\"}", "{\"noSuchField\":1}", "{\"maxLifetimeDays\":",
                "{\"notifyDaysBeforeExpiry\":1,\"expirationDays\":[]}")) {
            Http.Response r = realm.pats().adminPutPolicy(body);
            assertEquals(400, r.status(), () -> body + " -> " + r);
            assertTrue(r.json().path("error").asText().startsWith("invalid_"), r::toString);
            assertFalse(r.json().path("errorDescription").asText().isBlank(), r::toString);
            assertEquals(before, realm.pats().adminPolicy(), "nothing changed after " + body);
        }
        Http.Response unknown = realm.pats().adminPutPolicy("{\"maxLifetimeDay\":30}");
        assertTrue(unknown.json().path("errorDescription").asText().contains("maxLifetimeDay"), unknown::toString);
        Http.Response tooShort = realm.pats().adminPutPolicy("{\"maxLifetimeDays\":30}");
        assertTrue(tooShort.json().path("errorDescription").asText().contains("exceeds maxLifetimeDays 30"), tooShort::toString);
    }

    @Test
    void aRealmUserWithoutAdminRolesIsRefusedEverything(TestRealm realm) {
        realm.createUser("carol", "carol-pw");
        String carol = realm.pats().userToken("carol", "carol-pw");
        String base = "/admin/realms/" + realm.name() + "/personal-access-tokens";
        String someId = someTokenId(realm);
        assertEquals(403, realm.pats().asUser(carol, "GET", base, null).status());
        assertEquals(403, realm.pats().asUser(carol, "DELETE", base + "/" + someId, null).status());
        assertEquals(403, realm.pats().asUser(carol, "GET", base + "/policy", null).status());
        assertEquals(403, realm.pats().asUser(carol, "PUT", base + "/policy", "{\"maxTokensPerUser\":1}").status());
        assertEquals(50, realm.pats().adminPolicy().path("maxTokensPerUser").asInt());
        assertTrue(realm.pats().adminListIds("").contains(someId));
    }

    @Test
    void aViewOnlyAdminMayListButNotRevokeOrChangeThePolicy(TestRealm realm) {
        String viewerId = realm.createUser("viewer", "viewer-pw");
        realm.grantClientRoles(viewerId, "realm-management", "view-users");
        String viewer = realm.pats().userToken("viewer", "viewer-pw");
        String base = "/admin/realms/" + realm.name() + "/personal-access-tokens";
        String someId = someTokenId(realm);

        Http.Response list = realm.pats().asUser(viewer, "GET", base + "?userId=" + aliceId, null);
        assertEquals(200, list.status(), list::toString);
        assertTrue(list.json().size() > 0, list::toString);
        assertEquals(200, realm.pats().asUser(viewer, "GET", base + "/policy", null).status());
        assertEquals(403, realm.pats().asUser(viewer, "DELETE", base + "/" + someId, null).status());
        assertEquals(403, realm.pats().asUser(viewer, "PUT", base + "/policy", "{\"maxTokensPerUser\":1}").status());
        assertTrue(realm.pats().adminListIds("").contains(someId), "the token survived the refused DELETE");
        assertEquals(50, realm.pats().adminPolicy().path("maxTokensPerUser").asInt());

        String managerId = realm.createUser("manager", "manager-pw");
        realm.grantClientRoles(managerId, "realm-management", "manage-users");
        String manager = realm.pats().userToken("manager", "manager-pw");
        assertEquals(204, realm.pats().asUser(manager, "DELETE", base + "/" + someId, null).status());
        assertFalse(realm.pats().adminListIds("").contains(someId));
    }

    private static String someTokenId(TestRealm realm) {
        String alice = realm.pats().userToken("alice", "alice-pw");
        return realm.pats().create(alice, Pats.request("victim-" + System.nanoTime())).path("id").asText();
    }

    static JsonNode find(JsonNode list, String id) {
        for (JsonNode t : list) {
            if (id.equals(t.path("id").asText())) {
                return t;
            }
        }
        throw new AssertionError("no token " + id + " in " + list);
    }
}

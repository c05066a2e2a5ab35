package dev.keycloakpat.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CONTRACT §7: the admin API lists, revokes and sets the policy, with Keycloak's admin rights. */
@KeycloakIT
class AdminApiIT {

    private static String aliceId;
    private static String bobId;

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.setAttribute("kcpat.policy", "{\"teamSource\":\"none\"}");
        aliceId = realm.createUser("alice", "alice-pw");
        bobId = realm.createUser("bob", "bob-pw");
        Pats.ensureIntrospector(realm);
        ObjectNode events = Http.JSON.createObjectNode().put("eventsEnabled", true);
        events.putArray("enabledEventTypes").add("REMOVE_CREDENTIAL").add("UPDATE_CREDENTIAL");
        realm.update(events);
    }

    @Test
    void listShowsEveryTokenOfTheRealmNewestFirstWithItsOwner(TestRealm realm) {
        String alice = Pats.login(realm, "alice", "alice-pw");
        String bob = Pats.login(realm, "bob", "bob-pw");
        String a1 = Pats.created(realm, alice, Pats.request("list-a1")).path("id").asText();
        String b1 = Pats.created(realm, bob, Pats.request("list-b1")).path("id").asText();
        String a2 = Pats.created(realm, alice, Pats.request("list-a2").put("expirationDays", 30)).path("id").asText();

        JsonNode all = Pats.adminList(realm, "").expect(200).json();
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

        List<String> alicesOnly = Pats.adminListIds(realm, "?userId=" + aliceId);
        assertTrue(alicesOnly.containsAll(List.of(a1, a2)) && !alicesOnly.contains(b1), alicesOnly::toString);
        assertEquals(List.of(), Pats.adminListIds(realm, "?userId=no-such-user"));

        List<String> page1 = Pats.adminListIds(realm, "?userId=" + aliceId + "&first=0&max=1");
        List<String> page2 = Pats.adminListIds(realm, "?userId=" + aliceId + "&first=1&max=1");
        assertEquals(1, page1.size());
        assertEquals(1, page2.size());
        assertFalse(page1.equals(page2));
        assertEquals(alicesOnly.subList(0, 2), List.of(page1.get(0), page2.get(0)));

        Http.Response badMax = Pats.adminList(realm, "?max=0");
        assertEquals(400, badMax.status(), badMax::toString);
        assertEquals("invalid_request", badMax.json().path("error").asText());
    }

    @Test
    void adminRevokeStopsTheTokenAtOnceAndIsRecorded(TestRealm realm) {
        String bob = Pats.login(realm, "bob", "bob-pw");
        JsonNode created = Pats.created(realm, bob, Pats.request("revoke-me"));
        String id = created.path("id").asText();
        String pat = created.path("token").asText();
        assertTrue(Pats.active(realm, pat));

        realm.admin().delete(realm.adminPath("/personal-access-tokens/" + id)).expect(204);

        assertFalse(Pats.active(realm, pat), "revoked by an admin: inactive on the next introspection");
        assertFalse(Pats.adminListIds(realm, "?userId=" + bobId).contains(id));
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
        JsonNode before = Pats.policy(realm);
        assertEquals(365, before.path("maxLifetimeDays").asInt());
        JsonNode updated = Pats.putPolicy(realm, "{\"maxTokensPerUser\":20,\"writeRole\":\"writer\"}").expect(200).json();
        assertEquals(20, updated.path("maxTokensPerUser").asInt());
        JsonNode after = Pats.policy(realm);
        assertEquals(20, after.path("maxTokensPerUser").asInt());
        assertEquals("writer", after.path("writeRole").asText());
        assertEquals(before.path("maxLifetimeDays"), after.path("maxLifetimeDays"));
        assertEquals("none", after.path("teamSource").asText());
        Pats.setPolicy(realm, "{\"maxTokensPerUser\":50,\"writeRole\":null}");
    }

    @Test
    void badPolicyValuesAreRefusedAndChangeNothing(TestRealm realm) {
        JsonNode before = Pats.policy(realm);
        for (String body : List.of("{\"maxLifetimeDays\":0}", "{\"maxLifetimeDays\":30}", "{\"teamSource\":\"ldap\"}",
                "{\"bcryptCost\":3}", "{\"maxTokensPerUser\":\"many\"}", "{\"noSuchField\":1}", "{\"maxLifetimeDays\":",
                "{\"notifyDaysBeforeExpiry\":1,\"expirationDays\":[]}")) {
            Http.Response r = Pats.putPolicy(realm, body);
            assertEquals(400, r.status(), () -> body + " -> " + r);
            assertTrue(r.json().path("error").asText().startsWith("invalid_"), r::toString);
            assertFalse(r.json().path("errorDescription").asText().isBlank(), r::toString);
            assertEquals(before, Pats.policy(realm), "nothing changed after " + body);
        }
        Http.Response unknown = Pats.putPolicy(realm, "{\"maxLifetimeDay\":30}");
        assertTrue(unknown.json().path("errorDescription").asText().contains("maxLifetimeDay"), unknown::toString);
        Http.Response tooShort = Pats.putPolicy(realm, "{\"maxLifetimeDays\":30}");
        assertTrue(tooShort.json().path("errorDescription").asText().contains("exceeds maxLifetimeDays 30"), tooShort::toString);
    }

    @Test
    void aRealmUserWithoutAdminRolesIsRefusedEverything(TestRealm realm) {
        realm.createUser("carol", "carol-pw");
        String carol = Pats.login(realm, "carol", "carol-pw");
        String base = "/admin/realms/" + realm.name() + "/personal-access-tokens";
        String someId = someTokenId(realm);
        assertEquals(403, Pats.asUser(realm, carol, "GET", base, null).status());
        assertEquals(403, Pats.asUser(realm, carol, "DELETE", base + "/" + someId, null).status());
        assertEquals(403, Pats.asUser(realm, carol, "GET", base + "/policy", null).status());
        assertEquals(403, Pats.asUser(realm, carol, "PUT", base + "/policy", "{\"maxTokensPerUser\":1}").status());
        assertEquals(50, Pats.policy(realm).path("maxTokensPerUser").asInt());
        assertTrue(Pats.adminListIds(realm, "").contains(someId));
    }

    @Test
    void aViewOnlyAdminMayListButNotRevokeOrChangeThePolicy(TestRealm realm) {
        String viewerId = realm.createUser("viewer", "viewer-pw");
        Pats.grantRealmManagementRole(realm, viewerId, "view-users");
        String viewer = Pats.login(realm, "viewer", "viewer-pw");
        String base = "/admin/realms/" + realm.name() + "/personal-access-tokens";
        String someId = someTokenId(realm);

        Http.Response list = Pats.asUser(realm, viewer, "GET", base + "?userId=" + aliceId, null);
        assertEquals(200, list.status(), list::toString);
        assertTrue(list.json().size() > 0, list::toString);
        assertEquals(200, Pats.asUser(realm, viewer, "GET", base + "/policy", null).status());
        assertEquals(403, Pats.asUser(realm, viewer, "DELETE", base + "/" + someId, null).status());
        assertEquals(403, Pats.asUser(realm, viewer, "PUT", base + "/policy", "{\"maxTokensPerUser\":1}").status());
        assertTrue(Pats.adminListIds(realm, "").contains(someId), "the token survived the refused DELETE");
        assertEquals(50, Pats.policy(realm).path("maxTokensPerUser").asInt());

        String managerId = realm.createUser("manager", "manager-pw");
        Pats.grantRealmManagementRole(realm, managerId, "manage-users");
        String manager = Pats.login(realm, "manager", "manager-pw");
        assertEquals(204, Pats.asUser(realm, manager, "DELETE", base + "/" + someId, null).status());
        assertFalse(Pats.adminListIds(realm, "").contains(someId));
    }

    private static String someTokenId(TestRealm realm) {
        String alice = Pats.login(realm, "alice", "alice-pw");
        return Pats.created(realm, alice, Pats.request("victim-" + System.nanoTime())).path("id").asText();
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

package dev.keycloakpat.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Teams from Keycloak organizations (checked live), and realms without teams. */
@KeycloakIT
class OrganizationTeamsIT {

    @Test
    void withOrganizationsAUsersTeamsAreTheirOrganizationsCheckedLive(TestRealm realm) {
        realm.update(Http.JSON.createObjectNode().put("organizationsEnabled", true));
        realm.pats().adminSetPolicy("{\"teamSource\":\"organizations\"}");
        realm.pats().ensureIntrospector();
        String erinId = realm.createUser("erin", "erin-pw");
        String acme = createOrganization(realm, "acme");
        createOrganization(realm, "globex");
        addMember(realm, acme, erinId);

        String erin = realm.pats().userToken("erin", "erin-pw");
        JsonNode options = realm.http().get(realm.path("/personal-access-tokens/options"), "Authorization", "Bearer " + erin)
                .expect(200).json();
        assertEquals(1, options.path("teams").size(), options::toString);
        assertEquals(acme, options.path("teams").get(0).path("id").asText());
        assertEquals("acme", options.path("teams").get(0).path("name").asText());

        Http.Response notMine = realm.pats().createResponse(erin, Pats.request("globex-token").put("teamId", createOrganization(realm, "initech")));
        assertEquals(400, notMine.status(), notMine::toString);
        assertEquals("invalid_team", notMine.json().path("error").asText());

        JsonNode created = realm.pats().create(erin, Pats.request("acme-token").put("teamId", acme));
        assertEquals("acme", created.path("team").path("name").asText(), created::toString);
        String pat = created.path("token").asText();
        JsonNode introspection = realm.pats().introspectJson(pat);
        assertTrue(introspection.path("active").asBoolean(), introspection::toString);
        assertEquals(acme, introspection.path("team").path("id").asText());
        assertEquals("acme", introspection.path("team").path("name").asText());

        realm.admin().delete(realm.adminPath("/organizations/" + acme + "/members/" + erinId)).expect(204);
        assertFalse(realm.pats().active(pat), "removed from the organization: the token is inactive at once");

        addMember(realm, acme, erinId);
        assertTrue(realm.pats().active(pat), "a member again: valid again");
    }

    @Test
    void withTeamSourceNoneTokensHaveNoTeam(TestRealm realm) {
        realm.pats().adminSetPolicy("{\"teamSource\":\"none\"}");
        realm.pats().ensureIntrospector();
        realm.createUser("frank", "frank-pw");
        String frank = realm.pats().userToken("frank", "frank-pw");
        JsonNode options = realm.http().get(realm.path("/personal-access-tokens/options"), "Authorization", "Bearer " + frank)
                .expect(200).json();
        assertEquals(0, options.path("teams").size(), options::toString);
        assertFalse(options.path("teamRequired").asBoolean(), options::toString);

        JsonNode created = realm.pats().create(frank, Pats.request("no-team"));
        assertTrue(created.path("team").isNull(), created::toString);
        JsonNode introspection = realm.pats().introspectJson(created.path("token").asText());
        assertTrue(introspection.path("active").asBoolean(), introspection::toString);
        assertTrue(introspection.path("team").isMissingNode() || introspection.path("team").isNull(), introspection::toString);

        Http.Response withTeam = realm.pats().createResponse(frank, Pats.request("with-team").put("teamId", "anything"));
        assertEquals(400, withTeam.status(), withTeam::toString);
        assertEquals("invalid_team", withTeam.json().path("error").asText());
    }

    private static String createOrganization(TestRealm realm, String name) {
        ObjectNode org = Http.JSON.createObjectNode().put("name", name).put("alias", name).put("enabled", true);
        org.putArray("domains").addObject().put("name", name + ".example.test");
        return realm.admin().post(realm.adminPath("/organizations"), org).expect(201).createdId();
    }

    private static void addMember(TestRealm realm, String orgId, String userId) {
        realm.admin().post(realm.adminPath("/organizations/" + orgId + "/members"), "\"" + userId + "\"").expect(201);
    }
}

package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.SecretCheckedRealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.keycloakpat.it.harness.Pats.RS;
import static dev.keycloakpat.it.harness.Pats.RS_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 3, lifecycle hooks: deleting a user, a group used as a team, or a realm deletes the tokens with it.
 * To tell "deleted" from "merely invalid", the deleted object is recreated with the same ids: a token that had
 * been left behind would be valid again.
 */
class LifecycleIT extends SecretCheckedRealmIT {

    private static final String INACTIVE = "{\"active\":false}";

    @BeforeAll
    void setUp(TestRealm realm) {
        realm.createConfidentialClient(RS, RS_SECRET);
    }

    /** A user with a fixed id, through partial import (the admin API's user creation picks its own ids). */
    private static ObjectNode userWithId(String realmName, String id, String username, String... groupPaths) {
        ObjectNode user = Http.JSON.createObjectNode().put("id", id).put("username", username).put("enabled", true)
                .put("email", username + "@example.test").put("emailVerified", true)
                .put("firstName", "Test").put("lastName", "User");
        user.putArray("credentials").addObject().put("type", "password").put("value", username + "-pw").put("temporary", false);
        ArrayNode groups = user.putArray("groups");
        for (String g : groupPaths) {
            groups.add(g);
        }
        user.putArray("requiredActions");
        // imports do not add the realm's default roles (manage-account among them) by themselves
        user.putArray("realmRoles").add("default-roles-" + realmName.toLowerCase(java.util.Locale.ROOT));
        return user;
    }

    private void importUser(ObjectNode user) {
        ObjectNode body = Http.JSON.createObjectNode().put("ifResourceExists", "FAIL");
        body.putArray("users").add(user);
        realm.admin().post(realm.adminPath("/partialImport"), body).expect(200);
    }

    @Test
    void deletingAUserDeletesTheirTokensForGood() {
        String teamId = realm.createGroup("user-team");
        String userId = UUID.randomUUID().toString();
        importUser(userWithId(realm.name(), userId, "leaver", "/user-team"));
        String userToken = pats.userToken("leaver", "leaver-pw");
        JsonNode created = pats.create(userToken, Pats.request("t", teamId));
        String pat = created.path("token").asText();
        assertTrue(pats.introspectJson(RS, RS_SECRET, pat).path("active").asBoolean());

        realm.deleteUser(userId);
        assertEquals(INACTIVE, pats.introspect(RS, RS_SECRET, pat, null).expect(200).body());

        importUser(userWithId(realm.name(), userId, "leaver", "/user-team"));
        String again = pats.userToken("leaver", "leaver-pw");
        assertEquals(0, pats.list(again).size(), "tokens listed for the same user id after re-creation");
        assertEquals(INACTIVE, pats.introspect(RS, RS_SECRET, pat, null).expect(200).body(),
                "the old token came back with a user of the same id");
    }

    @Test
    void deletingATeamGroupDeletesItsTokensAndNoOthers() {
        String doomed = realm.createGroup("doomed-team");
        String kept = realm.createGroup("kept-team");
        String userId = realm.createUser("member", "member-pw");
        realm.joinGroup(userId, doomed);
        realm.joinGroup(userId, kept);
        String userToken = pats.userToken("member", "member-pw");
        String doomedPat = pats.create(userToken, Pats.request("doomed", doomed)).path("token").asText();
        JsonNode keptToken = pats.create(userToken, Pats.request("kept", kept));
        assertTrue(pats.introspectJson(RS, RS_SECRET, doomedPat).path("active").asBoolean());

        realm.admin().delete(realm.adminPath("/groups/" + doomed)).expect(204);

        assertEquals(INACTIVE, pats.introspect(RS, RS_SECRET, doomedPat, null).expect(200).body());
        JsonNode list = pats.list(userToken);
        assertEquals(1, list.size(), list::toString);
        assertEquals(keptToken.path("id").asText(), list.get(0).path("id").asText());
        assertTrue(pats.introspectJson(RS, RS_SECRET, keptToken.path("token").asText()).path("active").asBoolean());
    }

    @Test
    void deletingARealmDeletesItsTokensForGood(KeycloakServer server) {
        String name = realm.name() + "-doomed";
        ObjectNode representation = realmWithFixedIds(name);
        server.admin().post("", representation).expect(201);
        TestRealm doomed = TestRealm.existing(server, name);
        Pats doomedPats = new Pats(doomed);
        String userToken = doomedPats.userToken("owner", "owner-pw");
        String teamId = representation.path("groups").get(0).path("id").asText();
        String pat = doomedPats.create(userToken, Pats.request("t", teamId)).path("token").asText();
        assertTrue(doomedPats.introspectJson(RS, RS_SECRET, pat).path("active").asBoolean());

        server.admin().delete("/" + name).expect(204);
        server.admin().post("", representation).expect(201);
        try {
            assertEquals(INACTIVE, doomedPats.introspect(RS, RS_SECRET, pat, null).expect(200).body(),
                    "a token of the deleted realm is valid in a realm re-created with the same ids");
            assertEquals(0, doomedPats.list(doomedPats.userToken("owner", "owner-pw")).size());
        } finally {
            doomed.close();
        }
    }

    private static ObjectNode realmWithFixedIds(String name) {
        ObjectNode r = Http.JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("realm", name)
                .put("enabled", true).put("sslRequired", "none");
        String groupId = UUID.randomUUID().toString();
        r.putArray("groups").addObject().put("id", groupId).put("name", "team").put("path", "/team");
        r.putArray("users").add(userWithId(name, UUID.randomUUID().toString(), "owner", "/team"));
        r.putArray("clients").addObject().put("id", UUID.randomUUID().toString()).put("clientId", RS).put("enabled", true)
                .put("publicClient", false).put("clientAuthenticatorType", "client-secret").put("secret", RS_SECRET)
                .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", false);
        return r;
    }
}

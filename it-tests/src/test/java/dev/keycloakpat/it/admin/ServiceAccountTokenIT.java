package dev.keycloakpat.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API reference (docs/api.md, "Service accounts and incidents"): an admin creates tokens for a client's service
 * account; they carry the service account's live roles, follow the policy and team rules, and die with the client, its
 * service account, or the service-account user.
 */
@KeycloakIT
class ServiceAccountTokenIT {

    private static String aliceId;

    @BeforeAll
    static void setUp(TestRealm realm) {
        aliceId = realm.createUser("alice", "alice-pw");
        realm.pats().ensureIntrospector();
        realm.createRealmRole("deployer");
        realm.createRealmRole("reader");
        ObjectNode events = Http.JSON.createObjectNode().put("eventsEnabled", true);
        events.putArray("enabledEventTypes").add("REMOVE_CREDENTIAL").add("UPDATE_CREDENTIAL");
        realm.update(events);
    }

    @Test
    void anAdminCreatesAServiceAccountTokenWithItsLiveNarrowedRoles(TestRealm realm) {
        realm.pats().adminSetPolicy("{\"teamSource\":\"none\",\"writeAllowed\":true}");
        String client = serviceAccountClient(realm, "ci-bot");
        String sa = serviceAccountUser(realm, client);
        realm.grantRealmRole(sa, "deployer");
        realm.grantRealmRole(sa, "reader");

        Http.Response created = create(realm, sa, "{\"name\":\"deploy\",\"expirationDays\":30,\"write\":true,\"roles\":[\"deployer\"]}");
        assertEquals(201, created.status(), created::toString);
        assertEquals("no-store", created.header("Cache-Control").orElse(""));
        JsonNode body = created.json();
        String pat = body.path("token").asText();
        assertTrue(pat.startsWith("kcpat_"), body::toString);
        assertEquals(sa, body.path("userId").asText());
        assertEquals("service-account-ci-bot", body.path("username").asText());
        assertEquals("ci-bot", body.path("clientId").asText());
        assertEquals("deploy", body.path("name").asText());
        assertEquals(List.of("deployer"), List.of(body.path("roles").get(0).asText()));
        assertTrue(body.path("write").asBoolean());

        JsonNode info = realm.pats().introspectJson(pat);
        assertTrue(info.path("active").asBoolean(), info::toString);
        assertEquals("service-account-ci-bot", info.path("username").asText());
        assertEquals(sa, info.path("sub").asText());
        assertEquals("read write", info.path("scope").asText());
        assertEquals(List.of("deployer"), texts(info.path("realm_access").path("roles")), info::toString);

        // live roles: take the role away from the service account, the token loses it on the next use
        realm.revokeRealmRole(sa, "deployer");
        JsonNode after = realm.pats().introspectJson(pat);
        assertTrue(after.path("active").asBoolean(), after::toString);
        assertFalse(texts(after.path("realm_access").path("roles")).contains("deployer"), after::toString);

        // the admin list shows it with its owner, and the admin event records the creation without the token
        assertTrue(realm.pats().adminListIds("?userId=" + sa).contains(body.path("id").asText()));
        JsonNode adminEvents = realm.admin().get(realm.adminPath("/admin-events?operationTypes=CREATE&max=1000"))
                .expect(200).json();
        assertTrue(adminEvents.toString().contains(body.path("id").asText()), adminEvents::toString);
        assertFalse(adminEvents.toString().contains(pat), "no token in admin events");
        JsonNode events = realm.admin().get(realm.adminPath("/events?type=UPDATE_CREDENTIAL&user=" + sa)).expect(200).json();
        assertTrue(events.toString().contains(body.path("id").asText()), events::toString);
    }

    @Test
    void policyAndRoleRulesApplyAsForUsers(TestRealm realm) {
        realm.pats().adminSetPolicy("{\"teamSource\":\"none\",\"writeAllowed\":false,\"allowNoExpiration\":false,\"maxTokensPerUser\":1}");
        String sa = serviceAccountUser(realm, serviceAccountClient(realm, "rules-bot"));
        realm.grantRealmRole(sa, "reader");

        expectError(create(realm, sa, "{\"name\":\"w\",\"expirationDays\":30,\"write\":true}"), "write_not_allowed");
        expectError(create(realm, sa, "{\"name\":\"r\",\"expirationDays\":30,\"roles\":[\"deployer\"]}"), "invalid_role");
        expectError(create(realm, sa, "{\"name\":\"forever\"}"), "invalid_expiration");
        expectError(create(realm, sa, "{\"name\":\"odd\",\"expirationDays\":11}"), "invalid_expiration");
        expectError(create(realm, sa, "{\"expirationDays\":30}"), "invalid_name");
        expectError(create(realm, sa, "{\"name\":\"x\",\"expirationDays\":30,\"colour\":\"red\"}"), "invalid_request");
        assertEquals(List.of(), realm.pats().adminListIds("?userId=" + sa), "refused creations created nothing");

        create(realm, sa, "{\"name\":\"one\",\"expirationDays\":30,\"roles\":[\"reader\"]}").expect(201);
        expectError(create(realm, sa, "{\"name\":\"two\",\"expirationDays\":30}"), "too_many_tokens");
        expectError(create(realm, sa, "{\"name\":\"one\",\"expirationDays\":30}"), "duplicate_name");
        realm.pats().adminSetPolicy("{\"writeAllowed\":true,\"allowNoExpiration\":true,\"maxTokensPerUser\":50}");
    }

    @Test
    void aServiceAccountInAGroupGetsTokensForThatTeam(TestRealm realm) {
        String platform = realm.createGroup("sa-platform");
        String other = realm.createGroup("sa-other");
        realm.pats().adminSetPolicy("{\"teamSource\":\"groups\"}");
        try {
            String sa = serviceAccountUser(realm, serviceAccountClient(realm, "team-bot"));
            realm.joinGroup(sa, platform);
            expectError(create(realm, sa, "{\"name\":\"no-team\",\"expirationDays\":30}"), "invalid_team");
            expectError(create(realm, sa, "{\"name\":\"wrong-team\",\"expirationDays\":30,\"teamId\":\"" + other + "\"}"), "invalid_team");
            JsonNode created = create(realm, sa, "{\"name\":\"team\",\"expirationDays\":30,\"teamId\":\"" + platform + "\"}").expect(201).json();
            JsonNode info = realm.pats().introspectJson(created.path("token").asText());
            assertTrue(info.path("active").asBoolean(), info::toString);
            assertEquals("sa-platform", info.path("team").path("name").asText());
            realm.leaveGroup(sa, platform);
            assertFalse(realm.pats().active(created.path("token").asText()), "out of the team: inactive, as for users");
        } finally {
            realm.pats().adminSetPolicy("{\"teamSource\":\"none\"}");
        }
    }

    @Test
    void anyOtherUserIdIsNotAServiceAccount(TestRealm realm) {
        realm.pats().adminSetPolicy("{\"teamSource\":\"none\"}");
        Http.Response person = create(realm, aliceId, "{\"name\":\"sneaky\",\"expirationDays\":30}");
        expectError(person, "not_a_service_account");
        assertTrue(person.json().path("errorDescription").asText().contains("service-account"), person::toString);
        expectError(create(realm, "no-such-user", "{\"name\":\"ghost\",\"expirationDays\":30}"), "not_a_service_account");
        expectError(realm.admin().post(realm.adminPath("/personal-access-tokens"), "{\"name\":\"x\"}"), "invalid_request");
        expectError(realm.admin().post(realm.adminPath("/personal-access-tokens"), "{\"userId\":"), "invalid_json");
        assertEquals(List.of(), realm.pats().adminListIds("?userId=" + aliceId), "alice got no token");
    }

    @Test
    void onlyAdminsWhoMayManageTheUserOrTheClientCreate(TestRealm realm) {
        realm.pats().adminSetPolicy("{\"teamSource\":\"none\"}");
        String sa = serviceAccountUser(realm, serviceAccountClient(realm, "perm-bot"));
        String base = "/admin/realms/" + realm.name() + "/personal-access-tokens";
        String body = "{\"userId\":\"" + sa + "\",\"name\":\"%s\",\"expirationDays\":30}";

        realm.createUser("plain", "plain-pw");
        assertEquals(403, realm.pats().asUser(realm.pats().userToken("plain", "plain-pw"), "POST", base, body.formatted("p")).status());
        String viewer = realm.createUser("sa-viewer", "viewer-pw");
        realm.grantClientRoles(viewer, "realm-management", "view-users");
        realm.grantClientRoles(viewer, "realm-management", "view-clients");
        Http.Response byViewer = realm.pats().asUser(realm.pats().userToken("sa-viewer", "viewer-pw"), "POST", base, body.formatted("v"));
        assertEquals(403, byViewer.status(), byViewer::toString);
        assertEquals(List.of(), realm.pats().adminListIds("?userId=" + sa), "refused: nothing created");

        String clientAdmin = realm.createUser("client-admin", "client-admin-pw");
        realm.grantClientRoles(clientAdmin, "realm-management", "manage-clients");
        Http.Response byClientAdmin = realm.pats().asUser(realm.pats().userToken("client-admin", "client-admin-pw"), "POST", base, body.formatted("c"));
        assertEquals(201, byClientAdmin.status(), byClientAdmin::toString);

        String userAdmin = realm.createUser("user-admin", "user-admin-pw");
        realm.grantClientRoles(userAdmin, "realm-management", "manage-users");
        Http.Response byUserAdmin = realm.pats().asUser(realm.pats().userToken("user-admin", "user-admin-pw"), "POST", base, body.formatted("u"));
        assertEquals(201, byUserAdmin.status(), byUserAdmin::toString);
        assertEquals(2, realm.pats().adminListIds("?userId=" + sa).size());

        // the service account itself cannot use the self-service API
        String saToken = realm.http().postForm(realm.tokenEndpoint(), Http.form("grant_type", "client_credentials",
                "client_id", "perm-bot", "client_secret", "perm-bot-secret")).expect(200).json().path("access_token").asText();
        Http.Response self = realm.pats().createResponse(saToken, "{\"name\":\"self\"}");
        assertEquals(403, self.status(), self::toString);
    }

    @Test
    void theTokenDiesWithItsClientAndItsServiceAccount(TestRealm realm) {
        realm.pats().adminSetPolicy("{\"teamSource\":\"none\"}");

        // service accounts switched off for the client
        String offClient = serviceAccountClient(realm, "off-bot");
        String offPat = tokenFor(realm, serviceAccountUser(realm, offClient));
        assertTrue(realm.pats().active(offPat));
        setClient(realm, offClient, "serviceAccountsEnabled", false);
        assertFalse(realm.pats().active(offPat), "service accounts off: inactive");
        setClient(realm, offClient, "serviceAccountsEnabled", true);
        assertFalse(realm.pats().active(offPat), "switching them on again makes a new service account, not the old token");

        // the client disabled, then enabled again
        String disabledClient = serviceAccountClient(realm, "disabled-bot");
        String disabledPat = tokenFor(realm, serviceAccountUser(realm, disabledClient));
        setClient(realm, disabledClient, "enabled", false);
        assertFalse(realm.pats().active(disabledPat), "client disabled: inactive");
        setClient(realm, disabledClient, "enabled", true);
        assertTrue(realm.pats().active(disabledPat), "client enabled again: active again");

        // the service-account user disabled
        String userClient = serviceAccountClient(realm, "user-off-bot");
        String saUser = serviceAccountUser(realm, userClient);
        String userPat = tokenFor(realm, saUser);
        realm.setUserEnabled(saUser, false);
        assertFalse(realm.pats().active(userPat), "service-account user disabled: inactive");
        realm.setUserEnabled(saUser, true);
        assertTrue(realm.pats().active(userPat));

        // the client deleted: its service-account user and the tokens go with it
        String deletedClient = serviceAccountClient(realm, "deleted-bot");
        String deletedSa = serviceAccountUser(realm, deletedClient);
        String deletedPat = tokenFor(realm, deletedSa);
        assertTrue(realm.pats().active(deletedPat));
        realm.admin().delete(realm.adminPath("/clients/" + deletedClient)).expect(204);
        assertFalse(realm.pats().active(deletedPat), "client deleted: inactive");
        assertEquals(List.of(), realm.pats().adminListIds("?userId=" + deletedSa), "and deleted");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    static String serviceAccountClient(TestRealm realm, String clientId) {
        ObjectNode client = Http.JSON.createObjectNode()
                .put("clientId", clientId).put("enabled", true).put("protocol", "openid-connect")
                .put("publicClient", false).put("clientAuthenticatorType", "client-secret").put("secret", clientId + "-secret")
                .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", false).put("serviceAccountsEnabled", true);
        return realm.admin().post(realm.adminPath("/clients"), client).expect(201).createdId();
    }

    static String serviceAccountUser(TestRealm realm, String clientUuid) {
        return realm.admin().get(realm.adminPath("/clients/" + clientUuid + "/service-account-user")).expect(200).json().path("id").asText();
    }

    static Http.Response create(TestRealm realm, String userId, String requestWithoutUserId) {
        ObjectNode body;
        try {
            body = (ObjectNode) Http.JSON.readTree(requestWithoutUserId);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        body.put("userId", userId);
        return realm.admin().post(realm.adminPath("/personal-access-tokens"), body);
    }

    static String tokenFor(TestRealm realm, String serviceAccountUserId) {
        return create(realm, serviceAccountUserId, "{\"name\":\"t-" + System.nanoTime() + "\",\"expirationDays\":30}")
                .expect(201).json().path("token").asText();
    }

    private static void setClient(TestRealm realm, String clientUuid, String field, boolean value) {
        ObjectNode rep = (ObjectNode) realm.admin().get(realm.adminPath("/clients/" + clientUuid)).expect(200).json();
        rep.put(field, value);
        realm.admin().put(realm.adminPath("/clients/" + clientUuid), rep).expect(204);
    }

    static void expectError(Http.Response r, String error) {
        assertEquals(400, r.status(), r::toString);
        assertEquals(error, r.json().path("error").asText(), r::toString);
        assertFalse(r.json().path("errorDescription").asText().isBlank(), r::toString);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

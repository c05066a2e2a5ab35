package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Await;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.SecretCheckedRealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static dev.keycloakpat.it.harness.Pats.RS;
import static dev.keycloakpat.it.harness.Pats.RS_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API reference (docs/api.md, "Live state"): every introspection evaluates the owner's live state: roles, enabled,
 * team, expiry, revocation.
 */
class LiveStateIT extends SecretCheckedRealmIT {

    private static final String INACTIVE = "{\"active\":false}";

    private String teamId;

    @BeforeAll
    void setUp(TestRealm realm) {
        realm.withRealmRoles("reader", "writer", "deployer", "viewer", "editor").withTeam("platform")
                .withConfidentialClient(RS, RS_SECRET).withConfidentialClient("billing", "billing-secret");
        teamId = realm.teamId("platform");
        // editor is a composite of viewer
        realm.admin().post(realm.adminPath("/roles/editor/composites"), List.of(realm.realmRole("viewer"))).expect(204);
        realm.createClientRole(realm.clientUuid("billing"), "invoice-read");
    }

    /** A fresh user in the team with the given realm roles; returns [userId, userToken]. */
    private String[] user(String username, String... roles) {
        realm.withUser(username, roles);
        String id = realm.userId(username);
        realm.joinGroup(id, teamId);
        return new String[] {id, realm.userToken(username)};
    }

    private String pat(String userToken, ObjectNode request) {
        return pats.create(userToken, request).path("token").asText();
    }

    private JsonNode introspect(String pat) {
        return pats.introspectJson(RS, RS_SECRET, pat);
    }

    private Set<String> realmRoles(String pat) {
        JsonNode answer = introspect(pat);
        assertTrue(answer.path("active").asBoolean(), answer::toString);
        return Pats.texts(answer.path("realm_access").path("roles"));
    }

    private void assertInactive(String pat) {
        assertEquals(INACTIVE, pats.introspect(RS, RS_SECRET, pat, null).expect(200).body());
    }

    @Test
    void removedRoleIsGoneOnTheNextIntrospection() {
        String[] u = user("role-loser", "reader", "writer");
        String pat = pat(u[1], Pats.request("full", teamId));
        assertTrue(realmRoles(pat).containsAll(Set.of("reader", "writer")));

        realm.revokeRealmRole(u[0], "writer");
        Set<String> after = realmRoles(pat);
        assertTrue(after.contains("reader"), after::toString);
        assertFalse(after.contains("writer"), after::toString);
    }

    @Test
    void disabledUserIsInactiveAndActiveAgainWhenReEnabled() {
        String[] u = user("disabled-user", "reader");
        String pat = pat(u[1], Pats.request("t", teamId));
        assertTrue(introspect(pat).path("active").asBoolean());

        realm.setUserEnabled(u[0], false);
        assertInactive(pat);
        realm.setUserEnabled(u[0], true);
        assertTrue(introspect(pat).path("active").asBoolean(), "re-enabled user");
    }

    @Test
    void userRemovedFromTheTeamIsInactiveAndActiveAgainWhenReAdded() {
        String[] u = user("team-leaver", "reader");
        String pat = pat(u[1], Pats.request("t", teamId));
        assertTrue(introspect(pat).path("active").asBoolean());

        realm.leaveGroup(u[0], teamId);
        assertInactive(pat);
        realm.joinGroup(u[0], teamId);
        assertTrue(introspect(pat).path("active").asBoolean(), "re-added to the team");
    }

    @Test
    void deletedUsersTokensAreGone() {
        String[] u = user("deleted-user", "reader");
        String pat = pat(u[1], Pats.request("t", teamId));
        assertTrue(introspect(pat).path("active").asBoolean());

        realm.deleteUser(u[0]);
        assertInactive(pat);
        // a new user of the same name is a different person: the old token is neither listed nor valid
        String[] again = user("deleted-user", "reader");
        assertEquals(0, pats.list(again[1]).size(), "tokens listed for the recreated user");
        assertInactive(pat);
    }

    @Test
    void expiredTokenIsInactive() {
        String[] u = user("expiring", "reader");
        long expiresAt = System.currentTimeMillis() / 1000 + 4;
        String pat = pat(u[1], Pats.request("short", teamId).put("expiresAt", expiresAt));
        JsonNode before = introspect(pat);
        assertTrue(before.path("active").asBoolean(), before::toString);
        assertEquals(expiresAt, before.path("exp").asLong());

        assertTrue(Await.eventually(Duration.ofSeconds(20),
                        () -> INACTIVE.equals(pats.introspect(RS, RS_SECRET, pat, null).body())),
                "token still active 20 s after its expiry");
        assertTrue(System.currentTimeMillis() / 1000 >= expiresAt, "inactive before its expiry");
    }

    @Test
    void revokedTokenIsInactiveAtOnce() {
        String[] u = user("revoker", "reader");
        JsonNode created = pats.create(u[1], Pats.request("t", teamId));
        String pat = created.path("token").asText();
        assertTrue(introspect(pat).path("active").asBoolean());
        assertTrue(introspect(pat).path("active").asBoolean(), "second use (served from the verified-token cache)");

        pats.revokeAsOwner(u[1], created.path("id").asText());
        assertInactive(pat);
    }

    @Test
    void narrowedTokenNeverShowsARoleOutsideItsListEvenWhenTheUserGainsIt() {
        String[] u = user("narrowed", "reader", "writer");
        String pat = pat(u[1], Pats.withRoles(Pats.request("narrow", teamId), "reader"));
        assertEquals(Set.of("reader"), realmRoles(pat));

        realm.grantRealmRole(u[0], "deployer");
        assertEquals(Set.of("reader"), realmRoles(pat));
        JsonNode answer = introspect(pat);
        assertEquals(0, answer.path("resource_access").size(), answer::toString);
    }

    @Test
    void narrowedTokenLosesAListedRoleTheMomentTheUserLosesIt() {
        String[] u = user("narrowed-loser", "reader", "writer");
        String pat = pat(u[1], Pats.withRoles(Pats.request("narrow", teamId), "reader", "writer"));
        assertEquals(Set.of("reader", "writer"), realmRoles(pat));

        realm.revokeRealmRole(u[0], "writer");
        assertEquals(Set.of("reader"), realmRoles(pat));
        // and it does not come back as a listed role the user does not hold
        realm.revokeRealmRole(u[0], "reader");
        assertEquals(Set.of(), realmRoles(pat));
    }

    @Test
    void compositeRolesAreExpanded() {
        String[] u = user("composite", "editor");
        String pat = pat(u[1], Pats.request("full", teamId));
        Set<String> roles = realmRoles(pat);
        assertTrue(roles.containsAll(Set.of("editor", "viewer")), roles::toString);

        String narrowed = pat(u[1], Pats.withRoles(Pats.request("viewer-only", teamId), "viewer"));
        assertEquals(Set.of("viewer"), realmRoles(narrowed));
    }

    @Test
    void clientRolesAppearUnderResourceAccess() {
        String[] u = user("client-roles", "reader");
        String billing = realm.clientUuid("billing");
        JsonNode role = realm.admin().get(realm.adminPath("/clients/" + billing + "/roles/invoice-read")).expect(200).json();
        realm.admin().post(realm.adminPath("/users/" + u[0] + "/role-mappings/clients/" + billing), List.of(role)).expect(204);

        String pat = pat(u[1], Pats.request("full", teamId));
        JsonNode answer = introspect(pat);
        assertEquals(Set.of("invoice-read"), Pats.texts(answer.path("resource_access").path("billing").path("roles")), answer::toString);
        assertFalse(Pats.texts(answer.path("realm_access").path("roles")).contains("invoice-read"), answer::toString);

        String narrowed = pat(u[1], Pats.withRoles(Pats.request("billing-only", teamId), "billing/invoice-read"));
        JsonNode narrowedAnswer = introspect(narrowed);
        assertEquals(Set.of(), Pats.texts(narrowedAnswer.path("realm_access").path("roles")), narrowedAnswer::toString);
        assertEquals(Set.of("billing"), Pats.fieldNames(narrowedAnswer.path("resource_access")), narrowedAnswer::toString);
        assertEquals(Set.of("invoice-read"),
                Pats.texts(narrowedAnswer.path("resource_access").path("billing").path("roles")), narrowedAnswer::toString);
    }
}

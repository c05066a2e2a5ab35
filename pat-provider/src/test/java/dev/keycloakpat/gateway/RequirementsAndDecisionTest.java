package dev.keycloakpat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.team.Team;
import dev.keycloakpat.validation.LiveRoles;

class RequirementsAndDecisionTest {

    private static final Team PLATFORM = new Team("g-1", "platform", Team.KIND_GROUP);
    private static final LiveRoles ROLES = LiveRoles.fromKeys(List.of("deploy", "reader", "registry/push"), Set.of("registry"));

    private static Requirements req(String team, List<String> roles, String method) {
        return Requirements.from(team == null ? null : List.of(team), roles, method == null ? null : List.of(method));
    }

    @Test
    void rolesMayBeRepeatedOrCommaSeparated() {
        Requirements r = Requirements.from(null, List.of("deploy, reader", "registry/push", " ,"), null);
        assertEquals(Set.of("deploy", "reader", "registry/push"), r.roles());
    }

    @Test
    void onlyGetHeadAndOptionsAreReads() {
        for (String m : List.of("GET", "head", "OPTIONS")) {
            assertFalse(req(null, null, m).write(), m);
        }
        for (String m : List.of("POST", "PUT", "PATCH", "DELETE", "PROPFIND", "brew")) {
            assertTrue(req(null, null, m).write(), m);
        }
        assertFalse(req(null, null, null).write(), "no X-Forwarded-Method: the check itself is a GET");
    }

    @Test
    void withoutXForwardedMethodTheCheckRequestsOwnMethodCounts() {
        assertTrue(Requirements.from(null, null, null, "post").write(), "Envoy ext_authz calls with the original method");
        assertFalse(Requirements.from(null, null, null, "GET").write());
        assertFalse(Requirements.from(null, null, List.of("GET"), "POST").write(), "X-Forwarded-Method wins");
        assertTrue(Requirements.from(null, null, List.of("DELETE"), "GET").write());
    }

    @Test
    void noRequirementsAllowAnyValidToken() {
        assertTrue(Decision.of(req(null, null, null), null, false, ROLES::has).allowed());
    }

    @Test
    void requiredTeamMatchesByIdOrName() {
        assertTrue(Decision.of(req("g-1", null, null), PLATFORM, false, ROLES::has).allowed());
        assertTrue(Decision.of(req("platform", null, null), PLATFORM, false, ROLES::has).allowed());
        assertEquals(Decision.WRONG_TEAM, Decision.of(req("data", null, null), PLATFORM, false, ROLES::has).error());
        assertEquals(Decision.WRONG_TEAM, Decision.of(req("platform", null, null), null, false, ROLES::has).error(),
                "a realm without teams never satisfies a required team");
    }

    @Test
    void writeMethodNeedsAWriteToken() {
        assertEquals(Decision.READ_ONLY_TOKEN, Decision.of(req(null, null, "POST"), PLATFORM, false, ROLES::has).error());
        assertTrue(Decision.of(req(null, null, "POST"), PLATFORM, true, ROLES::has).allowed());
    }

    @Test
    void everyRequiredRoleMustBeHeldAndMissingOnesAreNamed() {
        assertTrue(Decision.of(req(null, List.of("deploy,registry/push"), null), PLATFORM, false, ROLES::has).allowed());
        Decision d = Decision.of(req(null, List.of("deploy", "admin", "registry/pull"), null), PLATFORM, false, ROLES::has);
        assertEquals(Decision.MISSING_ROLE, d.error());
        assertTrue(d.description().contains("admin, registry/pull"), d.description());
    }

    @Test
    void teamIsCheckedBeforeWriteBeforeRoles() {
        assertEquals(Decision.WRONG_TEAM,
                Decision.of(req("data", List.of("admin"), "DELETE"), PLATFORM, false, ROLES::has).error());
        assertEquals(Decision.READ_ONLY_TOKEN,
                Decision.of(req("platform", List.of("admin"), "DELETE"), PLATFORM, false, ROLES::has).error());
    }

    @Test
    void allowedDecisionHasNoError() {
        Decision d = Decision.of(req(null, null, null), PLATFORM, true, ROLES::has);
        assertNull(d.error());
        assertNull(d.description());
    }

    @Test
    void firstNonBlankTeamAndMethodAreUsed() {
        Requirements r = Requirements.from(Arrays.asList(" ", "platform"), null, Arrays.asList(null, "put"));
        assertEquals("platform", r.team());
        assertEquals("PUT", r.method());
        assertTrue(r.write());
    }
}

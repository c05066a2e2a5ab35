package dev.keycloakpat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import java.util.function.Function;

import dev.keycloakpat.team.RequiredTeam;
import dev.keycloakpat.team.Team;
import dev.keycloakpat.roles.LiveRoles;

class RequirementsAndDecisionTest {

    private static final Team PLATFORM = new Team("g-1", "platform", Team.KIND_GROUP);
    private static final LiveRoles ROLES = LiveRoles.fromKeys(List.of("deploy", "reader", "registry/push"), Set.of("registry"));

    /** Team matching as the realm would answer it: by id or by a name no other team has ("shared" is shared). */
    private static Function<String, RequiredTeam.Result> teamOf(Team team) {
        return required -> RequiredTeam.check(required, team, new RequiredTeam.Directory() {
            @Override
            public String pathOf(Team t) {
                return "/eng/" + t.name();
            }

            @Override
            public boolean nameIsShared(String name) {
                return name.equals("shared");
            }
        });
    }

    private static final Function<String, RequiredTeam.Result> PLATFORM_TEAM = teamOf(PLATFORM);

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
        assertTrue(Requirements.from(null, null, List.of("DELETE"), "GET").write());
    }

    @Test
    void eitherMethodBeingAWriteNeedsAWriteToken() {
        for (String own : List.of("POST", "PUT", "PATCH", "DELETE")) {
            for (String forwarded : List.of("GET", "HEAD", "OPTIONS")) {
                Requirements r = Requirements.from(null, null, List.of(forwarded), own);
                assertTrue(r.write(), own + " /check with X-Forwarded-Method " + forwarded);
                assertEquals(own, r.method(), "the description names the write method");
            }
        }
        Requirements both = Requirements.from(null, null, List.of("delete"), "POST");
        assertTrue(both.write());
        assertEquals("DELETE", both.method());
        Requirements read = Requirements.from(null, null, List.of("HEAD"), "GET");
        assertFalse(read.write());
        assertEquals("HEAD", read.method());
        assertTrue(Requirements.from(null, null, List.of(" "), "PUT").write(), "a blank X-Forwarded-Method is no method");
    }

    @Test
    void noRequirementsAllowAnyValidToken() {
        assertTrue(Decision.of(req(null, null, null), teamOf(null), false, ROLES::has).allowed());
    }

    @Test
    void requiredTeamMatchesByIdPathOrUniqueName() {
        assertTrue(Decision.of(req("g-1", null, null), PLATFORM_TEAM, false, ROLES::has).allowed());
        assertTrue(Decision.of(req("platform", null, null), PLATFORM_TEAM, false, ROLES::has).allowed());
        assertTrue(Decision.of(req("/eng/platform", null, null), PLATFORM_TEAM, false, ROLES::has).allowed());
        assertEquals(Decision.WRONG_TEAM, Decision.of(req("/sales/platform", null, null), PLATFORM_TEAM, false, ROLES::has).error());
        assertEquals(Decision.WRONG_TEAM, Decision.of(req("data", null, null), PLATFORM_TEAM, false, ROLES::has).error());
        assertEquals(Decision.WRONG_TEAM, Decision.of(req("platform", null, null), teamOf(null), false, ROLES::has).error(),
                "a realm without teams never satisfies a required team");
    }

    @Test
    void aSharedBareTeamNameIs400AmbiguousTeamWhateverTheToken() {
        Team shared = new Team("g-9", "shared", Team.KIND_GROUP);
        for (Team t : new Team[] {shared, PLATFORM, null}) {
            Decision d = Decision.of(req("shared", List.of("admin"), "DELETE"), teamOf(t), false, ROLES::has);
            assertEquals(400, d.status());
            assertEquals(Decision.AMBIGUOUS_TEAM, d.error());
            assertTrue(d.description().contains("\"shared\"") && d.description().contains("full path"), d.description());
        }
        assertTrue(Decision.of(req("g-9", null, null), teamOf(shared), false, ROLES::has).allowed(), "by id it is fine");
        assertTrue(Decision.of(req("/eng/shared", null, null), teamOf(shared), false, ROLES::has).allowed(), "by path too");
    }

    @Test
    void theTeamMatcherIsOnlyAskedWhenATeamIsRequired() {
        Function<String, RequiredTeam.Result> fails = t -> {
            throw new AssertionError("no team was required");
        };
        assertTrue(Decision.of(req(null, null, null), fails, true, ROLES::has).allowed());
    }

    @Test
    void refusalsOtherThanAmbiguousTeamAre403() {
        assertEquals(403, Decision.of(req("data", null, null), PLATFORM_TEAM, false, ROLES::has).status());
        assertEquals(403, Decision.of(req(null, null, "POST"), PLATFORM_TEAM, false, ROLES::has).status());
        assertEquals(403, Decision.of(req(null, List.of("admin"), null), PLATFORM_TEAM, false, ROLES::has).status());
        assertEquals(200, Decision.of(req(null, null, null), PLATFORM_TEAM, false, ROLES::has).status());
    }

    @Test
    void writeMethodNeedsAWriteToken() {
        assertEquals(Decision.READ_ONLY_TOKEN, Decision.of(req(null, null, "POST"), PLATFORM_TEAM, false, ROLES::has).error());
        assertTrue(Decision.of(req(null, null, "POST"), PLATFORM_TEAM, true, ROLES::has).allowed());
    }

    @Test
    void everyRequiredRoleMustBeHeldAndMissingOnesAreNamed() {
        assertTrue(Decision.of(req(null, List.of("deploy,registry/push"), null), PLATFORM_TEAM, false, ROLES::has).allowed());
        Decision d = Decision.of(req(null, List.of("deploy", "admin", "registry/pull"), null), PLATFORM_TEAM, false, ROLES::has);
        assertEquals(Decision.MISSING_ROLE, d.error());
        assertTrue(d.description().contains("admin, registry/pull"), d.description());
    }

    @Test
    void teamIsCheckedBeforeWriteBeforeRoles() {
        assertEquals(Decision.WRONG_TEAM,
                Decision.of(req("data", List.of("admin"), "DELETE"), PLATFORM_TEAM, false, ROLES::has).error());
        assertEquals(Decision.READ_ONLY_TOKEN,
                Decision.of(req("platform", List.of("admin"), "DELETE"), PLATFORM_TEAM, false, ROLES::has).error());
    }

    @Test
    void allowedDecisionHasNoError() {
        Decision d = Decision.of(req(null, null, null), PLATFORM_TEAM, true, ROLES::has);
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

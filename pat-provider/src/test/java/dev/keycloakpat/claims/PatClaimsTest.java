package dev.keycloakpat.claims;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;

import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.team.Team;
import dev.keycloakpat.roles.LiveRoles;
import dev.keycloakpat.validation.Outcome;
import dev.keycloakpat.validation.Validation;

class PatClaimsTest {

    private static final PatRecord TOKEN = new PatRecord("pat-1", "realm-1", "user-1", "abcdefghijkl", "hash", "ci",
            "team-1", Team.KIND_GROUP, false, List.of("reader"), 1L, null, null, null);

    private static Validation valid(LiveRoles roles) {
        return new Validation(Outcome.VALID, TOKEN, null, new Team("team-1", "platform", Team.KIND_GROUP), roles, false);
    }

    /** A token as Keycloak's mappers issue it: the user's full roles, audiences derived from them, plus one extra. */
    private static AccessToken keycloakToken() {
        AccessToken token = new AccessToken();
        token.setRealmAccess(new AccessToken.Access().addRole("reader").addRole("admin"));
        token.addAccess("account").addRole("manage-account");
        token.addAccess("billing").addRole("invoice-read");
        token.audience("account", "billing", "resource-server");
        token.setScope("profile email");
        return token;
    }

    @Test
    void scopeGetsReadAndWriteOnlyWhenAllowed() {
        assertEquals("profile email read", PatClaims.withPatScope("profile email", false));
        assertEquals("profile read write", PatClaims.withPatScope("profile write", true));
        assertEquals("profile read", PatClaims.withPatScope("profile write read", false));
        assertEquals("read", PatClaims.withPatScope(null, false));
    }

    @Test
    void rolesAreReplacedByTheLiveNarrowedOnesAndTheirDerivedAudiencesGo() {
        AccessToken token = keycloakToken();
        PatClaims.apply(token, valid(LiveRoles.fromKeys(List.of("reader"), Set.of("billing", "account"))));

        assertEquals(Set.of("reader"), token.getRealmAccess().getRoles());
        assertTrue(token.getResourceAccess().isEmpty());
        assertArrayEquals(new String[] {"resource-server"}, token.getAudience());
        assertEquals("pat-1", token.getOtherClaims().get(PatRecord.ID_KEY));
        assertEquals(new PatClaims.TeamClaim("team-1", "platform"), token.getOtherClaims().get(PatClaims.TEAM));
        assertEquals("profile email read", token.getScope());
    }

    @Test
    void theAccountClientsRolesAndAudienceAreNeverCarried() {
        AccessToken token = keycloakToken();
        PatClaims.apply(token, valid(LiveRoles.fromKeys(List.of("reader", "account/manage-account", "billing/invoice-read"),
                Set.of("billing", "account"))));

        assertEquals(Set.of("billing"), token.getResourceAccess().keySet());
        assertArrayEquals(new String[] {"billing", "resource-server"}, token.getAudience());
    }

    @Test
    void clientRolesCanBeAddedToATokenThatHadNone() {
        AccessToken token = new AccessToken();
        PatClaims.apply(token, valid(LiveRoles.fromKeys(List.of("billing/invoice-read"), Set.of("billing"))));
        assertEquals(Set.of("invoice-read"), token.getResourceAccess("billing").getRoles());
    }

    @Test
    void stripTakesEverythingAway() {
        AccessToken token = keycloakToken();
        PatClaims.strip(token);
        assertNull(token.getRealmAccess());
        assertTrue(token.getResourceAccess().isEmpty());
        assertNull(token.getAudience());
    }
}

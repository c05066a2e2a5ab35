package dev.keycloakpat.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class LiveRolesTest {

    private final LiveRoles roles = LiveRoles.fromKeys(List.of("developer", "reader", "api/deploy", "api/read"), Set.of("api"));

    @Test
    void noNarrowingKeepsEveryLiveRole() {
        assertSame(roles, roles.narrowTo(null));
    }

    @Test
    void narrowingKeepsOnlyListedRolesTheUserHolds() {
        LiveRoles n = roles.narrowTo(List.of("reader", "api/deploy", "admin", "api/admin"));
        assertEquals(Set.of("reader"), n.realmRoles());
        assertEquals(Set.of("deploy"), n.clientRoles().get("api"));
        assertFalse(n.has("admin"), "a listed role the user does not hold never appears");
        assertFalse(n.has("developer"));
        assertEquals(List.of("reader", "api/deploy"), n.keys());
    }

    @Test
    void emptyNarrowingMeansNoRoles() {
        assertTrue(roles.narrowTo(List.of()).keys().isEmpty());
    }

    @Test
    void hasUnderstandsClientRoleKeys() {
        assertTrue(roles.has("api/read"));
        assertFalse(roles.has("api/write"));
        assertFalse(roles.has("other/read"));
    }
}

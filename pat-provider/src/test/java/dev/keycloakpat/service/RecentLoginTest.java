package dev.keycloakpat.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.refusal.Refusal;

class RecentLoginTest {

    private static final long NOW = 1_800_000_000L;

    @Test
    void aLoginWithinTheMaximumAgeIsRecent() {
        assertDoesNotThrow(() -> RecentLogin.require(NOW, 3600, NOW));
        assertDoesNotThrow(() -> RecentLogin.require(NOW - 3600, 3600, NOW));
        assertDoesNotThrow(() -> RecentLogin.require(NOW + 5, 3600, NOW), "a node's clock slightly behind");
    }

    @Test
    void anOlderLoginIsRefusedWith401AndAStepUpChallenge() {
        RecentLogin.Required e = assertThrows(RecentLogin.Required.class, () -> RecentLogin.require(NOW - 3601, 3600, NOW));
        assertEquals(Refusal.Kind.UNAUTHENTICATED, e.kind());
        assertEquals("reauthentication_required", e.error());
        assertTrue(e.getMessage().contains("sign in again"), e.getMessage());
        assertEquals("Bearer error=\"insufficient_user_authentication\", error_description=\"A more recent authentication"
                + " is required\", max_age=3600", e.challenge());
    }

    @Test
    void anUnknownLoginTimeIsRefused() {
        assertThrows(RecentLogin.Required.class, () -> RecentLogin.require(null, 3600, NOW));
        assertThrows(RecentLogin.Required.class, () -> RecentLogin.require(0L, 3600, NOW));
    }

    @Test
    void zeroSwitchesTheRuleOff() {
        assertDoesNotThrow(() -> RecentLogin.require(NOW - 86_400 * 365L, 0, NOW));
        assertDoesNotThrow(() -> RecentLogin.require(null, 0, NOW));
    }
}

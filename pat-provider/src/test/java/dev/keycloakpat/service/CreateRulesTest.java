package dev.keycloakpat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.refusal.Refusal;

class CreateRulesTest {

    private static final long NOW = 1_800_000_000L;

    @Test
    void emojiJoinersAreAllowedButBidiOverridesAndZeroWidthSpacesAreNot() {
        String family = "family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        assertEquals(family, CreateRules.checkName(family, Set.of()));
        assertEquals("می\u200Cخواهم", CreateRules.checkName("می\u200Cخواهم", Set.of()));
        for (String disguised : List.of("evil\u202Egnp.exe", "a\u200Bb", "\uFEFFbom", "iso\u2066late")) {
            assertEquals("invalid_name", assertThrows(Refusal.class, () -> CreateRules.checkName(disguised, Set.of())).error(),
                    disguised);
        }
    }

    @Test
    void namesAreTrimmedAndChecked() {
        assertEquals("deploy bot", CreateRules.checkName("  deploy bot ", Set.of()));
        assertEquals("ünïcødé 名前", CreateRules.checkName("ünïcødé 名前", Set.of()));
        assertEquals("invalid_name", assertThrows(Refusal.class, () -> CreateRules.checkName(null, Set.of())).error());
        assertEquals("invalid_name", assertThrows(Refusal.class, () -> CreateRules.checkName("  ", Set.of())).error());
        assertEquals("invalid_name", assertThrows(Refusal.class, () -> CreateRules.checkName("x".repeat(101), Set.of())).error());
        assertEquals("x".repeat(100), CreateRules.checkName("x".repeat(100), Set.of()));
        assertEquals("invalid_name", assertThrows(Refusal.class, () -> CreateRules.checkName("a\nb", Set.of())).error());
        assertEquals("duplicate_name", assertThrows(Refusal.class, () -> CreateRules.checkName("ci", Set.of("ci"))).error());
    }

    @Test
    void expiryChoicesFollowThePolicy() {
        PatPolicy p = PatPolicy.defaults();
        assertEquals(NOW + 30 * 86400L, CreateRules.expiresAt(30, null, p, NOW));
        assertEquals("invalid_expiration", assertThrows(Refusal.class, () -> CreateRules.expiresAt(31, null, p, NOW)).error());
        assertEquals(NOW + 1000, CreateRules.expiresAt(null, NOW + 1000, p, NOW));
        assertThrows(Refusal.class, () -> CreateRules.expiresAt(null, NOW, p, NOW));
        assertThrows(Refusal.class, () -> CreateRules.expiresAt(null, NOW + 366 * 86400L, p, NOW));
        assertThrows(Refusal.class, () -> CreateRules.expiresAt(7, NOW + 1000, p, NOW));
        assertNull(CreateRules.expiresAt(null, null, p, NOW));
        PatPolicy expiring = p.with("allowNoExpiration", false);
        assertEquals("invalid_expiration", assertThrows(Refusal.class, () -> CreateRules.expiresAt(null, null, expiring, NOW)).error());
    }

    @Test
    void offeredDaysStayWithinTheMaxLifetime() {
        PatPolicy p = PatPolicy.defaults();
        p = p.with("expirationDays", List.of(90, 7, 30));
        p = p.with("maxLifetimeDays", 30);
        assertEquals(List.of(7, 30), CreateRules.offeredDays(p));
    }
}

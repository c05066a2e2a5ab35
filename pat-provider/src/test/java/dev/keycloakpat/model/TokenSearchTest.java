package dev.keycloakpat.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.refusal.Refusal;
import dev.keycloakpat.token.PatToken;

class TokenSearchTest {

    @Test
    void aNameFragmentOrAPrefix() {
        TokenSearch name = TokenSearch.of(" Deploy ", null, null);
        assertEquals("deploy", name.nameContains());
        assertNull(name.publicIdStart());
        TokenSearch prefix = TokenSearch.of("kcpat_AbC123", "team-1", "Active");
        assertEquals("AbC123", prefix.publicIdStart(), "the public id keeps its case");
        assertNull(prefix.nameContains());
        assertEquals("team-1", prefix.teamId());
        assertEquals("active", prefix.status());
        assertTrue(TokenSearch.of(null, " ", "").isEmpty());
    }

    @Test
    void aWholeTokenNeverGoesIntoASearchUrl() {
        String token = PatToken.generate().encode();
        Refusal e = assertThrows(Refusal.class, () -> TokenSearch.of(token, null, null));
        assertEquals("invalid_request", e.error());
        assertTrue(e.getMessage().contains("lookup"));
        assertThrows(Refusal.class, () -> TokenSearch.of(token.substring(0, 19), null, null), "13 id characters");
        assertEquals(12, TokenSearch.of(token.substring(0, 18), null, null).publicIdStart().length());
        assertThrows(Refusal.class, () -> TokenSearch.of("kcpat_ab%", null, null));
    }

    @Test
    void badStatusOrTooLong() {
        assertEquals("invalid_request", assertThrows(Refusal.class, () -> TokenSearch.of(null, null, "revoked")).error());
        assertThrows(Refusal.class, () -> TokenSearch.of("x".repeat(101), null, null));
    }

    @Test
    void likePatternsAreLiteral() {
        assertEquals("100!%!_done!!", TokenSearch.likeLiteral("100%_done!"));
    }
}

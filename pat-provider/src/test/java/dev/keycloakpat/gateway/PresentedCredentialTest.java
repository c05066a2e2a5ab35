package dev.keycloakpat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class PresentedCredentialTest {

    private static final String PAT = "kcpat_abc";

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bearerTokenIsTakenWithoutUsername() {
        PresentedCredential c = PresentedCredential.from(List.of("Bearer " + PAT), null);
        assertTrue(c.present());
        assertEquals(PAT, c.token());
        assertNull(c.username());
        assertTrue(c.namesOwner("anyone"));
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertEquals(PAT, PresentedCredential.from(List.of("bearer " + PAT), null).token());
        assertEquals(PAT, PresentedCredential.from(List.of("BASIC " + basic("alice:" + PAT).substring(6)), null).token());
    }

    @Test
    void basicCarriesUsernameAndTokenAsPassword() {
        PresentedCredential c = PresentedCredential.from(List.of(basic("alice:" + PAT)), null);
        assertEquals(PAT, c.token());
        assertEquals("alice", c.username());
        assertTrue(c.namesOwner("alice"));
        assertTrue(c.namesOwner("Alice"), "usernames compare case-insensitively, like Keycloak's");
        assertFalse(c.namesOwner("bob"));
    }

    @Test
    void basicWithEmptyUsernameNamesNobody() {
        PresentedCredential c = PresentedCredential.from(List.of(basic(":" + PAT)), null);
        assertEquals(PAT, c.token());
        assertFalse(c.namesOwner("alice"));
    }

    @Test
    void apiAccessTokenHeaderIsTaken() {
        PresentedCredential c = PresentedCredential.from(null, List.of(" " + PAT + " "));
        assertEquals(PAT, c.token());
        assertNull(c.username());
    }

    @Test
    void nothingPresentedIsMissing() {
        assertEquals(PresentedCredential.MISSING, PresentedCredential.from(null, null).problem());
        assertEquals(PresentedCredential.MISSING, PresentedCredential.from(List.of(" "), List.of()).problem());
    }

    @Test
    void unreadableAuthorizationIsRefused() {
        assertEquals(PresentedCredential.UNREADABLE, PresentedCredential.from(List.of("Basic !!!notbase64"), null).problem());
        assertEquals(PresentedCredential.UNREADABLE, PresentedCredential.from(List.of(basic("no-colon")), null).problem());
        assertEquals(PresentedCredential.UNREADABLE, PresentedCredential.from(List.of("Digest x=1"), null).problem());
        assertEquals(PresentedCredential.UNREADABLE, PresentedCredential.from(List.of("Bearer"), null).problem());
        assertEquals(PresentedCredential.UNREADABLE,
                PresentedCredential.from(List.of("Bearer " + "x".repeat(5000)), null).problem());
    }

    @Test
    void twoDifferentTokensAreAmbiguous() {
        assertEquals(PresentedCredential.AMBIGUOUS,
                PresentedCredential.from(List.of("Bearer " + PAT), List.of("kcpat_other")).problem());
        assertEquals(PresentedCredential.AMBIGUOUS,
                PresentedCredential.from(null, List.of(PAT, "kcpat_other")).problem());
    }

    @Test
    void authorizationForSomethingElseIsIgnoredWhenAnotherPlaceCarriesAPat() {
        PresentedCredential c = PresentedCredential.from(List.of("Bearer eyJhbGciOi.jwt.sig"), List.of(PAT));
        assertEquals(PAT, c.token());
        assertEquals(PAT, PresentedCredential.from(List.of("Digest x=1"), List.of(PAT)).token());
        assertEquals(PAT, PresentedCredential.from(List.of(basic("alice:app-password")), List.of(PAT)).token());
    }

    @Test
    void aNonPatAloneIsStillPresentedSoTheValidatorRefusesIt() {
        assertEquals("eyJ.jwt", PresentedCredential.from(List.of("Bearer eyJ.jwt"), null).token());
    }

    @Test
    void theSameTokenTwiceKeepsTheBasicUsername() {
        PresentedCredential c = PresentedCredential.from(List.of(basic("alice:" + PAT)), List.of(PAT));
        assertEquals(PAT, c.token());
        assertEquals("alice", c.username());
    }

    @Test
    void toStringNeverShowsTheToken() {
        assertFalse(PresentedCredential.from(List.of("Bearer " + PAT), null).toString().contains(PAT));
    }
}

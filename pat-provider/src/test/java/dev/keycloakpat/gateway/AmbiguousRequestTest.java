package dev.keycloakpat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class AmbiguousRequestTest {

    private static final String PAT = "kcpat_abcdefghijklSECRETSECRETSECRETSECRETSECRETSE123456";

    /** Header lines as RESTEasy gives them: one element per line, names case-insensitive. */
    private static Optional<AmbiguousRequest> find(String... nameValue) {
        Map<String, List<String>> lines = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < nameValue.length; i += 2) {
            lines.computeIfAbsent(nameValue[i], k -> new ArrayList<>()).add(nameValue[i + 1]);
        }
        return AmbiguousRequest.find(lines::get);
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachSecurityHeaderGivenTwiceIsAmbiguousAndNamed() {
        for (String header : List.of("Authorization", "X-API-Access-Token", "X-Forwarded-Method", "X-Required-Team")) {
            Optional<AmbiguousRequest> a = find(header, "x", header.toLowerCase(Locale.ROOT), "x");
            assertTrue(a.isPresent(), header);
            assertEquals(header, a.get().header());
            assertTrue(a.get().description().contains(header), a.get().description());
        }
    }

    @Test
    void evenEqualOrBlankRepeatsAreAmbiguous() {
        assertTrue(find("X-Forwarded-Method", "GET", "X-Forwarded-Method", "GET").isPresent());
        assertTrue(find("X-Forwarded-Method", "GET", "X-Forwarded-Method", "").isPresent());
        assertTrue(find("Authorization", "Bearer " + PAT, "Authorization", "Bearer " + PAT).isPresent());
    }

    @Test
    void requiredRoleStaysRepeatable() {
        assertFalse(find("X-Required-Role", "a", "X-Required-Role", "b,c").isPresent());
    }

    @Test
    void singleHeadersAreNotAmbiguous() {
        assertFalse(find().isPresent());
        assertFalse(find("Authorization", "Bearer " + PAT, "X-Forwarded-Method", "POST", "X-Required-Team", "/eng/platform",
                "X-Required-Role", "deploy").isPresent());
        assertFalse(find("X-API-Access-Token", PAT).isPresent());
    }

    @Test
    void aPatInAuthorizationAndInXApiAccessTokenIsAmbiguousEvenWhenEqual() {
        for (String authorization : List.of("Bearer " + PAT, "bearer kcpat_other", basic("alice:" + PAT))) {
            Optional<AmbiguousRequest> a = find("Authorization", authorization, "X-API-Access-Token", " " + PAT);
            assertTrue(a.isPresent(), authorization);
            assertTrue(a.get().description().contains("Authorization") && a.get().description().contains("X-API-Access-Token"));
        }
    }

    @Test
    void theAppsOwnCredentialInAuthorizationNextToThePatIsNotAmbiguous() {
        for (String authorization : List.of("Bearer eyJhbGciOi.jwt.sig", basic("app:app-password"), "Digest x=1", "Basic %%%")) {
            assertFalse(find("Authorization", authorization, "X-API-Access-Token", PAT).isPresent(), authorization);
        }
        assertFalse(find("Authorization", "Bearer " + PAT, "X-API-Access-Token", "something-else").isPresent(),
                "a non-PAT in X-API-Access-Token is ignored as before");
    }

    @Test
    void theDescriptionNeverContainsAValue() {
        Optional<AmbiguousRequest> a = find("Authorization", "Bearer " + PAT, "Authorization", "Bearer " + PAT);
        assertFalse(a.get().description().contains("kcpat_"), a.get().description());
        Optional<AmbiguousRequest> b = find("Authorization", "Bearer " + PAT, "X-API-Access-Token", PAT);
        assertFalse(b.get().description().contains("kcpat_"), b.get().description());
    }
}

package dev.keycloakpat.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedHashMap;

import org.junit.jupiter.api.Test;
import org.keycloak.protocol.oidc.TokenExchangeContext;

import dev.keycloakpat.token.PatToken;

class PatTokenExchangeTest {

    private static final String ACCESS = "urn:ietf:params:oauth:token-type:access_token";
    private static final String PAT_TYPE = "urn:keycloak-pat:token-type:pat";

    private static String jwt(String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static TokenExchangeContext context(String... params) {
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            form.add(params[i], params[i + 1]);
        }
        return new TokenExchangeContext(null, form, null, null, null, null, null, null, null, Map.of());
    }

    @Test
    void aPatIsClaimedValidOrNot() {
        assertEquals(PatExchangeRequest.Subject.PAT, PatExchangeRequest.classify(PatToken.generate().encode()));
        assertEquals(PatExchangeRequest.Subject.PAT, PatExchangeRequest.classify("kcpat_garbage"));
        assertTrue(new PatTokenExchangeProvider().supports(context("subject_token", "kcpat_x", "subject_token_type", ACCESS)));
        // a PAT with another token type is still ours: Keycloak's providers never see the PAT text
        assertTrue(new PatTokenExchangeProvider().supports(context("subject_token", "kcpat_x", "subject_token_type", "urn:ietf:params:oauth:token-type:jwt")));
    }

    @Test
    void aJwtObtainedFromAPatIsClaimedToBeRefused() {
        String derived = jwt("{\"sub\":\"u\",\"pat_id\":\"6f1c\",\"scope\":\"read\"}");
        assertTrue(PatExchangeRequest.carriesPatId(derived));
        assertEquals(PatExchangeRequest.Subject.PAT_DERIVED_JWT, PatExchangeRequest.classify(derived));
        assertTrue(new PatTokenExchangeProvider().supports(context("subject_token", derived, "subject_token_type", ACCESS)));
    }

    @Test
    void everyOtherSubjectTokenIsLeftToKeycloak() {
        for (String other : new String[] {
                jwt("{\"sub\":\"u\",\"scope\":\"openid\"}"),
                jwt("{\"sub\":\"u\",\"pat_id\":null}"),
                jwt("[1,2]"),
                "not-a-token", "a.b.c", "a.b", "a.b.c.d.e", "", "eyJ.%%%.x"}) {
            assertFalse(PatExchangeRequest.carriesPatId(other), other);
            assertEquals(PatExchangeRequest.Subject.OTHER, PatExchangeRequest.classify(other), other);
            assertFalse(new PatTokenExchangeProvider().supports(context("subject_token", other, "subject_token_type", ACCESS)), other);
        }
        assertEquals(PatExchangeRequest.Subject.OTHER, PatExchangeRequest.classify(null));
        assertFalse(new PatTokenExchangeProvider().supports(context("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")));
    }

    private static PatExchangeRequest.Refusal check(String... params) {
        Map<String, String> form = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            form.put(params[i], params[i + 1]);
        }
        return PatExchangeRequest.check(form::get);
    }

    @Test
    void bothTokenTypesAreAcceptedWithOrWithoutAnExplicitAccessTokenRequest() {
        assertNull(check("subject_token_type", ACCESS));
        assertNull(check("subject_token_type", PAT_TYPE));
        assertNull(check("subject_token_type", PAT_TYPE, "requested_token_type", ACCESS));
    }

    @Test
    void whatAPatExchangeCannotHonourIsAClearInvalidRequest() {
        String[][] refused = {
                {},
                {"subject_token_type", "urn:ietf:params:oauth:token-type:jwt"},
                {"subject_token_type", ACCESS, "requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token"},
                {"subject_token_type", ACCESS, "requested_token_type", "urn:ietf:params:oauth:token-type:id_token"},
                {"subject_token_type", ACCESS, "actor_token", "x"},
                {"subject_token_type", ACCESS, "requested_subject", "bob"},
                {"subject_token_type", ACCESS, "requested_issuer", "google"},
                {"subject_token_type", ACCESS, "subject_issuer", "google"},
        };
        for (String[] params : refused) {
            PatExchangeRequest.Refusal r = check(params);
            assertNotNull(r, String.join(",", params));
            assertEquals("invalid_request", r.error());
            assertFalse(r.description().contains("kcpat_"), r.description());
        }
        assertTrue(check("subject_token_type", ACCESS, "requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token")
                .description().contains("access token only"));
    }
}

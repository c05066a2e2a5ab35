package dev.keycloakpat.oidc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.OAuth2Constants;
import org.keycloak.util.JsonSerialization;

import dev.keycloakpat.claims.PatClaims;
import dev.keycloakpat.token.PatToken;
import dev.keycloakpat.model.PatRecord;

/**
 * An RFC 8693 token-exchange request as the PAT exchange sees it (docs/api.md, "Exchange for a JWT"): which kind of
 * subject token it carries, and what in it a PAT exchange refuses. Plain logic, no Keycloak session.
 */
final class PatExchangeRequest {

    /** The token type this extension names PATs by; {@code …:access_token} is accepted as well (a PAT is one). */
    static final String PAT_TOKEN_TYPE = "urn:keycloak-pat:token-type:pat";
    static final String ACCESS_TOKEN_TYPE = OAuth2Constants.ACCESS_TOKEN_TYPE;

    /** What the subject token is. */
    enum Subject {
        /** Meant to be a PAT (has the prefix), valid or not: this extension answers. */
        PAT,
        /**
         * A JWT carrying a {@code pat_id} claim (obtained from a PAT): exchanging it again is refused
         * (docs/api.md, "Security guarantees").
         */
        PAT_DERIVED_JWT,
        /** Anything else: Keycloak's own token-exchange providers answer, unchanged. */
        OTHER
    }

    /** An error answer: the OAuth error code and a description that never contains the presented token. */
    record Refusal(String error, String description) {
    }

    private PatExchangeRequest() {
    }

    static Subject classify(String subjectToken) {
        if (PatToken.looksLikePat(subjectToken)) {
            return Subject.PAT;
        }
        return carriesPatId(subjectToken) ? Subject.PAT_DERIVED_JWT : Subject.OTHER;
    }

    /**
     * True if {@code token} is a compact JWS whose payload has a {@code pat_id} claim. The signature is not checked:
     * this only decides to refuse, which is safe for a forged token too.
     */
    static boolean carriesPatId(String token) {
        if (token == null) {
            return false;
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            return false;
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(first + 1, second));
            JsonNode claims = JsonSerialization.mapper.readTree(new String(payload, StandardCharsets.UTF_8));
            return claims != null && claims.isObject() && claims.hasNonNull(PatRecord.ID_KEY);
        } catch (Exception notAJwt) {
            return false;
        }
    }

    /**
     * The parameters of a PAT exchange that cannot be honoured, checked before the PAT is looked at; null when
     * there is none. {@code param} gives the first value of a form parameter (null when absent).
     */
    static Refusal check(Function<String, String> param) {
        String subjectType = param.apply(OAuth2Constants.SUBJECT_TOKEN_TYPE);
        if (!ACCESS_TOKEN_TYPE.equals(subjectType) && !PAT_TOKEN_TYPE.equals(subjectType)) {
            return new Refusal("invalid_request", "subject_token_type must be " + ACCESS_TOKEN_TYPE + " or "
                    + PAT_TOKEN_TYPE + " for a personal access token");
        }
        String requested = param.apply(OAuth2Constants.REQUESTED_TOKEN_TYPE);
        if (requested != null && !ACCESS_TOKEN_TYPE.equals(requested)) {
            return new Refusal("invalid_request", "A personal access token is exchanged for an access token only "
                    + "(requested_token_type " + ACCESS_TOKEN_TYPE + ")");
        }
        for (String unsupported : new String[] {OAuth2Constants.ACTOR_TOKEN, OAuth2Constants.ACTOR_TOKEN_TYPE,
                OAuth2Constants.REQUESTED_SUBJECT, OAuth2Constants.REQUESTED_ISSUER, OAuth2Constants.SUBJECT_ISSUER}) {
            if (param.apply(unsupported) != null) {
                return new Refusal("invalid_request", "Parameter '" + unsupported
                        + "' is not supported when exchanging a personal access token");
            }
        }
        return null;
    }
}

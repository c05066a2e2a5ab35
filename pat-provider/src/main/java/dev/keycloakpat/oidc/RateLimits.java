package dev.keycloakpat.oidc;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.representations.idm.OAuth2ErrorRepresentation;


/**
 * The answer of the token endpoint when a token is over the per-token request limit (policy
 * {@code rateLimitPerMinute}, {@code rateLimitBurst}; counted in {@code PatValidator}, one bucket per token shared
 * with the gateway check). Over the limit the token endpoint answers {@code 429} with {@code Retry-After} and
 * {@code {"error":"invalid_grant","error_description":"…"}}; that is a challenge, not a failed login, so it
 * neither feeds brute-force detection nor writes an event.
 */
final class RateLimits {

    private RateLimits() {
    }

    static Response tooManyRequests(long retryAfterSeconds) {
        OAuth2ErrorRepresentation error = new OAuth2ErrorRepresentation("invalid_grant",
                "Too many requests with this personal access token; retry after " + retryAfterSeconds + " s");
        return Response.status(429).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", retryAfterSeconds)
                .header("Cache-Control", "no-store")
                .entity(error).build();
    }
}

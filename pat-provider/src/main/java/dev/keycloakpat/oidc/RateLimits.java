package dev.keycloakpat.oidc;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

import dev.keycloakpat.cache.PatRuntime;
import dev.keycloakpat.cache.RateLimiter;
import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.policy.PolicyStore;
import dev.keycloakpat.validation.Validation;

/**
 * The per-token request limit (policy {@code rateLimitPerMinute}, {@code rateLimitBurst}) at the exchange.
 * The bucket is the one the gateway check uses: a token's exchanges and checks count together, on this node.
 * Over the limit the token endpoint answers {@code 429} with {@code Retry-After} and
 * {@code {"error":"invalid_grant","error_description":"…"}}; that is a challenge, not a failed login, so it
 * neither feeds brute-force detection nor writes an event.
 */
final class RateLimits {

    private RateLimits() {
    }

    static boolean allowExchange(KeycloakSession session, RealmModel realm, Validation v, AuthenticationFlowContext context) {
        PatPolicy policy = PolicyStore.current(realm);
        RateLimiter.Decision decision = PatRuntime.get().rateLimiter()
                .tryAcquire(v.token().id(), policy.rateLimitPerMinute, policy.rateLimitBurst);
        if (decision.allowed()) {
            return true;
        }
        context.challenge(tooManyRequests(decision.retryAfterSeconds()));
        return false;
    }

    /**
     * The same limit for an entry point that renders its own answer (the RFC 8693 exchange): null when the request
     * may go on, else the {@code 429} to answer.
     */
    static Response tooManyRequestsOrNull(RealmModel realm, Validation v) {
        PatPolicy policy = PolicyStore.current(realm);
        RateLimiter.Decision decision = PatRuntime.get().rateLimiter()
                .tryAcquire(v.token().id(), policy.rateLimitPerMinute, policy.rateLimitBurst);
        return decision.allowed() ? null : tooManyRequests(decision.retryAfterSeconds());
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

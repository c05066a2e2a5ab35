package dev.keycloakpat.oidc;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.keycloakpat.validation.Validation;

/** The per-token request limit at the exchange. Filled in by the gateway issue. */
final class RateLimits {

    private RateLimits() {
    }

    static boolean allowExchange(KeycloakSession session, RealmModel realm, Validation v, AuthenticationFlowContext context) {
        return true;
    }
}

package dev.keycloakpat.oidc;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.ResourceOwnerPasswordCredentialsGrantTypeFactory;

/** Replaces Keycloak's password grant factory (same id, higher order) with {@link PatPasswordGrantType}. */
public class PatPasswordGrantTypeFactory extends ResourceOwnerPasswordCredentialsGrantTypeFactory {

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new PatPasswordGrantType();
    }

    @Override
    public int order() {
        return 10;
    }
}

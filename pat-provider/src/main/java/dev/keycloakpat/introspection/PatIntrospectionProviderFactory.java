package dev.keycloakpat.introspection;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory;

/**
 * Takes over Keycloak's {@code access_token} introspection provider (the default when a client sends no
 * {@code token_type_hint}): PATs are answered from the validator, everything else goes to Keycloak's own
 * implementation unchanged.
 */
public class PatIntrospectionProviderFactory implements TokenIntrospectionProviderFactory {

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new PatAwareIntrospectionProvider(session);
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE;
    }
}

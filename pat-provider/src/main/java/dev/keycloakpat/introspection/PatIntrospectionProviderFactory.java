package dev.keycloakpat.introspection;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory;

import dev.keycloakpat.spi.StatelessProviderFactory;

/**
 * Takes over Keycloak's {@code access_token} introspection provider (the default when a client sends no
 * {@code token_type_hint}): PATs are answered from the validator, everything else goes to Keycloak's own
 * implementation unchanged.
 */
public class PatIntrospectionProviderFactory implements TokenIntrospectionProviderFactory, StatelessProviderFactory<TokenIntrospectionProvider> {

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new PatAwareIntrospectionProvider(session);
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public String getId() {
        return AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE;
    }
}

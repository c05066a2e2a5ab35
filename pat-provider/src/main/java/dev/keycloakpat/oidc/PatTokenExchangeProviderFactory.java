package dev.keycloakpat.oidc;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;

import dev.keycloakpat.spi.StatelessProviderFactory;

/**
 * RFC 8693 token exchange of personal access tokens (docs/api.md, "Exchange for a JWT"). Ordered before Keycloak's own
 * providers ({@code standard} has 10, {@code default} 0): it claims only requests whose subject token is a PAT or a JWT
 * obtained from one, every other request reaches Keycloak's provider as if this one did not exist.
 */
public class PatTokenExchangeProviderFactory implements TokenExchangeProviderFactory, StatelessProviderFactory<TokenExchangeProvider> {

    public static final String ID = "pat-token-exchange";

    private static final PatTokenExchangeProvider PROVIDER = new PatTokenExchangeProvider();

    @Override
    public TokenExchangeProvider create(KeycloakSession session) {
        return PROVIDER; // stateless
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public String getId() {
        return ID;
    }
}

package dev.keycloakpat.oidc;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;

public class PatTokenPostProcessorFactory implements TokenPostProcessorFactory {

    public static final String ID = "pat-token-post-processor";

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        return new PatTokenPostProcessor(session);
    }

    @Override
    public int order() {
        // after Keycloak's own post-processors have run
        return -100;
    }

    @Override
    public String getId() {
        return ID;
    }
}

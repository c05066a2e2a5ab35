package dev.keycloakpat.model.jpa;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.model.PatStoreProviderFactory;
import dev.keycloakpat.spi.StatelessProviderFactory;

public class JpaPatStoreFactory implements PatStoreProviderFactory, StatelessProviderFactory<PatStore> {

    public static final String ID = "jpa";

    @Override
    public PatStore create(KeycloakSession session) {
        return new JpaPatStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    @Override
    public String getId() {
        return ID;
    }
}

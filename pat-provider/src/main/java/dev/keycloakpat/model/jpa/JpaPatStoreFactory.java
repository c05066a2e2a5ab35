package dev.keycloakpat.model.jpa;

import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.model.PatStoreProviderFactory;

public class JpaPatStoreFactory implements PatStoreProviderFactory {

    public static final String ID = "jpa";

    @Override
    public PatStore create(KeycloakSession session) {
        return new JpaPatStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
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
        return ID;
    }
}

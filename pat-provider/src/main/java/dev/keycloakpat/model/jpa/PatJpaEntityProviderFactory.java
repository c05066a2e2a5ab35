package dev.keycloakpat.model.jpa;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers {@link PatEntity} and the Liquibase changelog that creates its table. */
public class PatJpaEntityProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    public static final String ID = "keycloak-pat";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of(PatEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/keycloak-pat-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return ID;
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

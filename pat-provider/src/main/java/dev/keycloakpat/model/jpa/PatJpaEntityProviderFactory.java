package dev.keycloakpat.model.jpa;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;

import dev.keycloakpat.spi.StatelessProviderFactory;

/** Registers {@link PatEntity} and the Liquibase changelog that creates its table. */
public class PatJpaEntityProviderFactory implements JpaEntityProviderFactory, StatelessProviderFactory<JpaEntityProvider> {

    public static final String ID = "keycloak-pat";

    private static final JpaEntityProvider ENTITIES = new JpaEntityProvider() {
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
        public void close() {
        }
    };

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return ENTITIES;
    }

    @Override
    public String getId() {
        return ID;
    }
}

package dev.keycloakpat.spi;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;

/**
 * A provider factory that reads no options and holds no state of its own: {@link #init}, {@link #postInit} and
 * {@link #close} do nothing. The extension's node state lives in one place, the {@code pat-runtime} provider; every
 * other factory only creates per-session providers and mixes this in next to its Keycloak factory interface.
 */
public interface StatelessProviderFactory<T extends Provider> extends ProviderFactory<T> {

    @Override
    default void init(Config.Scope config) {
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    default void close() {
    }
}

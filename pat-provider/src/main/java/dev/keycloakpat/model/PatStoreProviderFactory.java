package dev.keycloakpat.model;

import org.keycloak.provider.ProviderFactory;

public interface PatStoreProviderFactory extends ProviderFactory<PatStore> {
}

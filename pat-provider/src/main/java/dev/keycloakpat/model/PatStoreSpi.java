package dev.keycloakpat.model;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Our own SPI for token storage. Not internal: it is implemented outside org.keycloak. */
public class PatStoreSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "pat-store";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return PatStore.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return PatStoreProviderFactory.class;
    }
}

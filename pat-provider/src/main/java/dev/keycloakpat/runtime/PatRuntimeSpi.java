package dev.keycloakpat.runtime;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The SPI of the extension's node runtime ({@link PatRuntime}): one provider, {@code default}, whose options are
 * {@code --spi-pat-runtime--default--<option>} (see {@link RuntimeOptions}).
 */
public class PatRuntimeSpi implements Spi {

    public static final String NAME = "pat-runtime";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return PatRuntime.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return PatRuntimeProviderFactory.class;
    }
}

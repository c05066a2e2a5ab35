package dev.keycloakpat.runtime;

import org.keycloak.provider.ProviderFactory;

/** Factory of the {@code pat-runtime} SPI: holds the node's {@link PatRuntime} from {@code init} to {@code close}. */
public interface PatRuntimeProviderFactory extends ProviderFactory<PatRuntime> {
}

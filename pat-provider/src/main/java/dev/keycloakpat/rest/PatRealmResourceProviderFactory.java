package dev.keycloakpat.rest;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

import dev.keycloakpat.spi.StatelessProviderFactory;

/** Mounts {@code /realms/{realm}/personal-access-tokens} (the node runtime is started by the {@code pat-runtime} SPI). */
public class PatRealmResourceProviderFactory implements RealmResourceProviderFactory, StatelessProviderFactory<RealmResourceProvider> {

    public static final String ID = "personal-access-tokens";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                // the realm's "Require SSL" applies here as it does to Keycloak's own endpoints
                var realm = session.getContext().getRealm();
                if (realm.getSslRequired().isRequired(session.getContext().getConnection())) {
                    throw new jakarta.ws.rs.WebApplicationException(
                            Json.error(403, "ssl_required", "HTTPS is required for this realm."));
                }
                return new SelfServiceResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getId() {
        return ID;
    }
}

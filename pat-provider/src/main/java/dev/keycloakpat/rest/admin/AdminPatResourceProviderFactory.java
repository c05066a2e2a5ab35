package dev.keycloakpat.rest.admin;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.keycloakpat.spi.StatelessProviderFactory;

/**
 * Mounts {@code /admin/realms/{realm}/personal-access-tokens} (docs/api.md, "Admin API and policy") through Keycloak's
 * admin-realm resource SPI; Keycloak has authenticated the admin, {@link AdminPatResource} checks their rights.
 */
public class AdminPatResourceProviderFactory
        implements AdminRealmResourceProviderFactory, StatelessProviderFactory<AdminRealmResourceProvider> {

    public static final String ID = "personal-access-tokens";

    private static final AdminRealmResourceProvider RESOURCE = new AdminRealmResourceProvider() {
        @Override
        public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                  AdminEventBuilder adminEvent) {
            return new AdminPatResource(session, realm, auth, adminEvent);
        }

        @Override
        public void close() {
        }
    };

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return RESOURCE;
    }

    @Override
    public String getId() {
        return ID;
    }
}

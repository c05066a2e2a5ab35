package dev.keycloakpat.rest;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

import dev.keycloakpat.lifecycle.PatLifecycle;
import dev.keycloakpat.metrics.PatMetrics;

/** Mounts {@code /realms/{realm}/personal-access-tokens} and starts the extension's lifecycle hooks. */
public class PatRealmResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "personal-access-tokens";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new SelfServiceResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        PatMetrics.enable(config.root().getBoolean("metrics-enabled", false));
        dev.keycloakpat.lifecycle.ScheduledJobs.configure(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        PatLifecycle.start(factory);
    }

    @Override
    public void close() {
        PatLifecycle.stop();
    }

    @Override
    public String getId() {
        return ID;
    }
}

package dev.keycloakpat.rest;

import java.util.Set;

import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.keycloak.timer.TimerProvider;

import dev.keycloakpat.lifecycle.PatLifecycle;
import dev.keycloakpat.metrics.PatMetrics;
import dev.keycloakpat.model.PatStore;

/** Mounts {@code /realms/{realm}/personal-access-tokens} and starts the extension's lifecycle hooks. */
public class PatRealmResourceProviderFactory implements RealmResourceProviderFactory {

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
    public void init(Config.Scope config) {
        PatMetrics.enable(config.root().getBoolean("metrics-enabled", false));
        dev.keycloakpat.lifecycle.ScheduledJobs.configure(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        PatLifecycle.start(factory);
    }

    /**
     * Keycloak initialises the factories this depends on first and, on shutdown, closes this one before them:
     * so the cluster listener and timer can be registered in {@link #postInit}, and {@link #close()} can still
     * write the pending last-used times to the database.
     */
    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return Set.of(JpaConnectionProvider.class, PatStore.class, ClusterProvider.class, TimerProvider.class);
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

package dev.keycloakpat.lifecycle;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.Metrics;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.timer.TimerProvider;

import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.oidc.KeycloakFeatures;
import dev.keycloakpat.runtime.PatMetrics;
import dev.keycloakpat.runtime.PatRuntime;
import dev.keycloakpat.runtime.PatRuntimeProviderFactory;
import dev.keycloakpat.runtime.RuntimeOptions;
import dev.keycloakpat.validation.Outcome;

/**
 * The {@code default} provider of the {@code pat-runtime} SPI: creates the node's {@link PatRuntime} from its options in
 * {@link #init}, hooks it into Keycloak (listeners, cluster evictions, timers) in {@link #postInit}, and on shutdown
 * writes the pending last-used times and unhooks it in {@link #close}. Every session gets the same runtime.
 */
public class DefaultPatRuntimeProviderFactory implements PatRuntimeProviderFactory {

    public static final String ID = "default";

    private PatRuntime runtime;
    private PatLifecycle lifecycle;

    @Override
    public PatRuntime create(KeycloakSession session) {
        return runtime;
    }

    @Override
    public void init(Config.Scope config) {
        RuntimeOptions options = RuntimeOptions.from(config,
                Config.scope("realm-restapi-extension", "personal-access-tokens")); // where jobs-interval-seconds was set before
        boolean metricsEnabled = config.root().getBoolean("metrics-enabled", false);
        PatMetrics metrics = new PatMetrics(metricsEnabled ? Metrics.globalRegistry : null,
                Arrays.stream(Outcome.values()).map(Outcome::reason).toList());
        runtime = new PatRuntime(options, Time::currentTimeMillis, metrics);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        KeycloakFeatures.logMissing();
        lifecycle = new PatLifecycle(factory, runtime);
        lifecycle.start();
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
        if (lifecycle != null) {
            lifecycle.stop();
            lifecycle = null;
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        RuntimeOptions d = RuntimeOptions.defaults();
        return ProviderConfigurationBuilder.create()
                .property().name(RuntimeOptions.CACHE_MAX_ENTRIES).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(d.cacheMaxEntries())
                .helpText("Verified tokens kept in memory per node.").add()
                .property().name(RuntimeOptions.CACHE_TTL_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(d.cacheTtlSeconds())
                .helpText("Seconds a verified token is served from memory.").add()
                .property().name(RuntimeOptions.THROTTLE_FAILURES_PER_MINUTE).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(d.throttleFailuresPerMinute())
                .helpText("Wrong secrets per token id and minute before further attempts are refused.").add()
                .property().name(RuntimeOptions.REVOKE_CHECKS_PER_MINUTE).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(d.revokeChecksPerMinute())
                .helpText("Secret checks per token id and minute for the leaked-token revocation.").add()
                .property().name(RuntimeOptions.JOBS_INTERVAL_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(d.jobsIntervalSeconds())
                .helpText("Seconds between runs of the maintenance job (reminders, cleanup).").add()
                .property().name(RuntimeOptions.LAST_USED_FLUSH_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(d.lastUsedFlushSeconds())
                .helpText("Seconds between writes of pending last-used times.").add()
                .build();
    }
}

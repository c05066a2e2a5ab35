package dev.keycloakpat.lifecycle;

import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;
import org.keycloak.timer.TimerProvider;

import dev.keycloakpat.cluster.PatClusterEvents;
import dev.keycloakpat.model.LastUse;
import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.runtime.PatRuntime;

/**
 * Hooks one node's runtime into Keycloak's lifecycle: deletes tokens with their user, realm or team group, listens for
 * cluster evictions, writes pending last-used times periodically and on shutdown, and once the server has started
 * (database migrated) schedules the maintenance job. Started and stopped by {@link DefaultPatRuntimeProviderFactory}.
 */
final class PatLifecycle {

    private static final Logger LOG = Logger.getLogger(PatLifecycle.class);
    static final String FLUSH_TASK = "keycloak-pat-last-used-flush";

    private final KeycloakSessionFactory factory;
    private final PatRuntime runtime;
    private final ProviderEventListener listener = this::onEvent;
    /** Set as soon as the JVM begins to shut down, before Keycloak closes its caches and factories. */
    private volatile boolean shuttingDown;
    private final Thread shutdownSignal = new Thread(() -> shuttingDown = true, "keycloak-pat-shutdown-signal");

    PatLifecycle(KeycloakSessionFactory factory, PatRuntime runtime) {
        this.factory = factory;
        this.runtime = runtime;
    }

    void start() {
        Runtime.getRuntime().addShutdownHook(shutdownSignal);
        factory.register(listener);
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            PatClusterEvents.listen(session, runtime);
            TimerProvider timer = session.getProvider(TimerProvider.class);
            timer.schedule(() -> {
                if (!shuttingDown) {
                    flushLastUsed(); // on shutdown, stop() writes what is pending
                }
            }, runtime.options().lastUsedFlushSeconds() * 1000L, FLUSH_TASK);
        });
    }

    /** Called when Keycloak closes the runtime's factory on shutdown: writes what is pending, then lets go of Keycloak. */
    void stop() {
        int pending = flushLastUsed();
        factory.unregister(listener);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownSignal);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook has run or is running
        }
        LOG.infof("keycloak-pat stopped; wrote the last-used times of %d tokens", pending);
    }

    private void onEvent(ProviderEvent event) {
        if (event instanceof PostMigrationEvent e) {
            // the database is ready only now: start the jobs that read it
            KeycloakModelUtils.runJobInTransaction(e.getFactory(), session -> ScheduledJobs.schedule(session,
                    session.getProvider(TimerProvider.class), runtime.options().jobsIntervalSeconds(), () -> shuttingDown));
        } else if (event instanceof UserModel.UserPreRemovedEvent e) {
            deleteUserTokens(e.getKeycloakSession(), e.getRealm(), e.getUser());
        } else if (event instanceof RealmModel.RealmRemovedEvent e) {
            int n = e.getKeycloakSession().getProvider(PatStore.class).deleteByRealm(e.getRealm().getId());
            PatClusterEvents.evictRealm(e.getKeycloakSession(), e.getRealm().getId());
            LOG.debugf("Deleted %d personal access tokens of removed realm %s", n, e.getRealm().getName());
        } else if (event instanceof GroupModel.GroupRemovedEvent e) {
            KeycloakSession session = e.getKeycloakSession();
            PatStore store = session.getProvider(PatStore.class);
            int n = store.deleteByTeam(e.getRealm().getId(), e.getGroup().getId());
            if (n > 0) {
                PatClusterEvents.evictRealm(session, e.getRealm().getId());
            }
        }
    }

    static void deleteUserTokens(KeycloakSession session, RealmModel realm, UserModel user) {
        int n = session.getProvider(PatStore.class).deleteByUser(realm.getId(), user.getId());
        PatClusterEvents.evictUser(session, realm.getId(), user.getId());
        LOG.debugf("Deleted %d personal access tokens of removed user %s", n, user.getId());
    }

    /** Writes the last-used times collected in memory; returns how many were written. Safe to call any time. */
    int flushLastUsed() {
        Map<String, LastUse> updates = runtime.lastUsed().drain();
        if (updates.isEmpty()) {
            return 0;
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> s.getProvider(PatStore.class).updateLastUsed(updates));
            runtime.metrics().lastUsedWritten(updates.size());
            return updates.size();
        } catch (RuntimeException e) {
            runtime.lastUsed().restore(updates);
            LOG.warnf("Could not write last-used times of %d tokens; will retry: %s", updates.size(), e.getMessage());
            return 0;
        }
    }
}

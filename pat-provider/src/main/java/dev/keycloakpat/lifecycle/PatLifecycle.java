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

import dev.keycloakpat.cache.PatRuntime;
import dev.keycloakpat.cluster.PatClusterEvents;
import dev.keycloakpat.metrics.PatMetrics;
import dev.keycloakpat.model.PatStore;

/**
 * Hooks into Keycloak's lifecycle: deletes tokens with their user, realm or team group, listens for
 * cluster evictions, writes pending last-used times every 30 seconds and on shutdown, and once the server has
 * started (database migrated) schedules the maintenance job.
 */
public final class PatLifecycle {

    private static final Logger LOG = Logger.getLogger(PatLifecycle.class);
    static final String FLUSH_TASK = "keycloak-pat-last-used-flush";
    private static volatile KeycloakSessionFactory factory;
    private static ProviderEventListener listener;
    /** Set as soon as the JVM begins to shut down, before Keycloak closes its caches and factories. */
    private static volatile boolean shuttingDown;
    private static final Thread SHUTDOWN_SIGNAL = new Thread(() -> shuttingDown = true, "keycloak-pat-shutdown-signal");
    private static boolean signalRegistered;

    private PatLifecycle() {
    }

    public static synchronized void start(KeycloakSessionFactory sessionFactory) {
        factory = sessionFactory;
        shuttingDown = false;
        if (!signalRegistered) {
            Runtime.getRuntime().addShutdownHook(SHUTDOWN_SIGNAL);
            signalRegistered = true;
        }
        listener = PatLifecycle::onEvent;
        sessionFactory.register(listener);
        KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> {
            PatClusterEvents.listen(session);
            TimerProvider timer = session.getProvider(TimerProvider.class);
            timer.schedule(() -> {
                if (!shuttingDown) {
                    flushLastUsed(); // on shutdown, stop() writes what is pending
                }
            }, 30_000L, FLUSH_TASK);
        });
    }

    /** Whether the server is shutting down: scheduled jobs start no new run. */
    public static boolean shuttingDown() {
        return shuttingDown;
    }

    /** Called when Keycloak closes our factory on shutdown: writes what is pending, then lets go of Keycloak. */
    public static synchronized void stop() {
        if (factory != null) {
            int pending = flushLastUsed();
            if (listener != null) {
                factory.unregister(listener);
            }
            LOG.infof("keycloak-pat stopped; wrote the last-used times of %d tokens", pending);
        }
        factory = null;
    }

    private static void onEvent(ProviderEvent event) {
        if (event instanceof PostMigrationEvent e) {
            // the database is ready only now: start the jobs that read it
            KeycloakModelUtils.runJobInTransaction(e.getFactory(),
                    session -> ScheduledJobs.schedule(session, session.getProvider(TimerProvider.class)));
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
    public static int flushLastUsed() {
        KeycloakSessionFactory f = factory;
        if (f == null) {
            return 0;
        }
        Map<String, dev.keycloakpat.model.LastUse> updates = PatRuntime.get().lastUsed().drain();
        if (updates.isEmpty()) {
            return 0;
        }
        try {
            KeycloakModelUtils.runJobInTransaction(f, s -> s.getProvider(PatStore.class).updateLastUsed(updates));
            PatMetrics.lastUsedWritten(updates.size());
            return updates.size();
        } catch (RuntimeException e) {
            PatRuntime.get().lastUsed().restore(updates);
            LOG.warnf("Could not write last-used times of %d tokens; will retry: %s", updates.size(), e.getMessage());
            return 0;
        }
    }
}

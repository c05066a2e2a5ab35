package dev.keycloakpat.lifecycle;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * The cluster-wide scheduled jobs: expiry reminders and cleanup, in one {@link KeycloakPatMaintenanceTask} run by
 * Keycloak's {@link ClusterAwareScheduledTaskRunner} so that one node does it per interval. The interval is the
 * provider option {@code jobs-interval-seconds} of the {@code personal-access-tokens} realm resource, e.g.
 * {@code --spi-realm-restapi-extension--personal-access-tokens--jobs-interval-seconds=600} (default one hour).
 */
public final class ScheduledJobs {

    public static final String TASK_NAME = "keycloak-pat-maintenance";
    public static final long DEFAULT_INTERVAL_SECONDS = 3600;
    private static final Logger LOG = Logger.getLogger(ScheduledJobs.class);
    private static volatile long intervalSeconds = DEFAULT_INTERVAL_SECONDS;

    private ScheduledJobs() {
    }

    /** Reads the provider options of the realm resource factory. */
    public static void configure(Config.Scope config) {
        long seconds = config.getLong("jobs-interval-seconds", DEFAULT_INTERVAL_SECONDS);
        if (seconds < 1) {
            LOG.warnf("jobs-interval-seconds must be at least 1, not %d; using %d", seconds, DEFAULT_INTERVAL_SECONDS);
            seconds = DEFAULT_INTERVAL_SECONDS;
        }
        intervalSeconds = seconds;
    }

    static void schedule(KeycloakSession session, TimerProvider timer) {
        long millis = intervalSeconds * 1000L;
        Runnable runner = new ClusterAwareScheduledTaskRunner(session.getKeycloakSessionFactory(),
                new KeycloakPatMaintenanceTask(), millis);
        // once the server is shutting down, Keycloak's caches may already be gone: start no new run then
        timer.schedule(() -> {
            if (!PatLifecycle.shuttingDown()) {
                runner.run();
            }
        }, millis, TASK_NAME);
        LOG.debugf("Scheduled personal access token maintenance every %d s", intervalSeconds);
    }
}

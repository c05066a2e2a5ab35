package dev.keycloakpat.lifecycle;

import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * The cluster-wide scheduled jobs: expiry reminders and cleanup, in one {@link KeycloakPatMaintenanceTask} run by
 * Keycloak's {@link ClusterAwareScheduledTaskRunner} so that one node does it per interval. The interval is the
 * runtime option {@code jobs-interval-seconds}, e.g. {@code --spi-pat-runtime--default--jobs-interval-seconds=600}
 * (default one hour).
 */
final class ScheduledJobs {

    static final String TASK_NAME = "keycloak-pat-maintenance";
    private static final Logger LOG = Logger.getLogger(ScheduledJobs.class);

    private ScheduledJobs() {
    }

    /** Schedules the maintenance every {@code intervalSeconds}; no new run starts once {@code shuttingDown} says so. */
    static void schedule(KeycloakSession session, TimerProvider timer, long intervalSeconds, BooleanSupplier shuttingDown) {
        long millis = intervalSeconds * 1000L;
        Runnable runner = new ClusterAwareScheduledTaskRunner(session.getKeycloakSessionFactory(),
                new KeycloakPatMaintenanceTask(), millis);
        // once the server is shutting down, Keycloak's caches may already be gone: start no new run then
        timer.schedule(() -> {
            if (!shuttingDown.getAsBoolean()) {
                runner.run();
            }
        }, millis, TASK_NAME);
        LOG.debugf("Scheduled personal access token maintenance every %d s", intervalSeconds);
    }
}

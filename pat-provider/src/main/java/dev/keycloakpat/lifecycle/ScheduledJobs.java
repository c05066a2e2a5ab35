package dev.keycloakpat.lifecycle;

import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.TimerProvider;

/** The cluster-wide scheduled jobs (expiry reminders, cleanup). Filled in by the lifecycle issue. */
final class ScheduledJobs {

    private ScheduledJobs() {
    }

    static void schedule(KeycloakSession session, TimerProvider timer) {
    }
}

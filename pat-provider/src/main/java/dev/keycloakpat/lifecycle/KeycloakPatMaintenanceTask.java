package dev.keycloakpat.lifecycle;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.timer.ScheduledTask;

import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.policy.PolicyStore;

/**
 * One maintenance run over every realm: deletes tokens expired longer than the realm's retention, then e-mails
 * reminders for tokens entering the realm's reminder window. The class name is the cluster-wide lock key of
 * Keycloak's cluster-aware task runner, so it is specific to this extension.
 */
final class KeycloakPatMaintenanceTask implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(KeycloakPatMaintenanceTask.class);

    @Override
    public void run(KeycloakSession session) {
        long now = Time.currentTime();
        PatStore store = session.getProvider(PatStore.class);
        List<RealmModel> realms = session.realms().getRealmsStream().toList();
        for (RealmModel realm : realms) {
            try {
                session.getContext().setRealm(realm);
                PatPolicy policy = PolicyStore.read(realm);
                int deleted = store.deleteExpiredBefore(realm.getId(), Retention.deleteExpiredBefore(now, policy));
                if (deleted > 0) {
                    LOG.debugf("Deleted %d personal access tokens of realm %s expired more than %d days ago",
                            (Object) deleted, realm.getName(), policy.expiredRetentionDays);
                }
                new ExpiryReminders(session, realm, policy).send(now);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Personal access token maintenance failed for realm %s", realm.getName());
            }
        }
    }
}

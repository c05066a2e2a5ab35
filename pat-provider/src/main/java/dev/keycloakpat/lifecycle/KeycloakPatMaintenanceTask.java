package dev.keycloakpat.lifecycle;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.policy.PolicyStore;

/**
 * One maintenance run over every realm: deletes tokens expired longer than the realm's retention, then e-mails
 * reminders for tokens entering the realm's reminder window. Each realm is done in a transaction of its own, so a
 * realm removed meanwhile or a failure in one realm does not undo the others. The class name is the cluster-wide
 * lock key of Keycloak's cluster-aware task runner, so it is specific to this extension.
 */
final class KeycloakPatMaintenanceTask implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(KeycloakPatMaintenanceTask.class);

    @Override
    public void run(KeycloakSession session) {
        long now = Time.currentTime();
        List<String> realmIds = session.realms().getRealmsStream().map(RealmModel::getId).toList();
        for (String realmId : realmIds) {
            try {
                KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> maintain(s, realmId, now));
            } catch (RuntimeException e) {
                LOG.warnf("Personal access token maintenance failed for realm %s: %s", realmId, e.toString());
            }
        }
    }

    private static void maintain(KeycloakSession session, String realmId, long now) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        session.getContext().setRealm(realm);
        PatPolicy policy = PolicyStore.read(realm);
        int deleted = session.getProvider(PatStore.class).deleteExpiredBefore(realmId, Retention.deleteExpiredBefore(now, policy));
        if (deleted > 0) {
            LOG.debugf("Deleted %d personal access tokens of realm %s expired more than %d days ago",
                    (Object) deleted, realm.getName(), policy.expiredRetentionDays);
        }
        // rotated-away rows are kept (dead) to recognise reuse, as long as expired tokens are kept
        int rotated = session.getProvider(PatStore.class).deleteSupersededBefore(realmId, Retention.deleteExpiredBefore(now, policy));
        if (rotated > 0) {
            LOG.debugf("Deleted %d rotated-away personal access tokens of realm %s", (Object) rotated, realm.getName());
        }
        new ExpiryReminders(session, realm, policy).send(now);
    }
}

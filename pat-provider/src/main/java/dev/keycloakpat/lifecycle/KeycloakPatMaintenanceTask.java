package dev.keycloakpat.lifecycle;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

import dev.keycloakpat.events.PatEvents;
import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.runtime.LastUsedTracker;
import dev.keycloakpat.runtime.PatRuntime;
import dev.keycloakpat.service.TokenService;
import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.policy.PolicyStore;

/**
 * One maintenance run over every realm: deletes tokens expired longer than the realm's retention, then e-mails
 * reminders for tokens entering the realm's reminder window, revokes unused tokens and reminds their owners a week before. Each realm is done in a transaction of its own, so a
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

    /** At most this many unused tokens are revoked per realm and run; the next run goes on. */
    static final int UNUSED_BATCH = 500;

    /**
     * Revokes tokens unused for the policy's {@code unusedRevokeDays} (never used: since creation), each with a
     * revocation event {@code revoked_by=unused}. A use still pending in this node's memory counts.
     */
    private static void revokeUnused(KeycloakSession session, RealmModel realm, PatPolicy policy, long now) {
        Long before = Retention.unusedBefore(now, policy);
        if (before == null) {
            return;
        }
        TokenService tokens = new TokenService(session, realm);
        LastUsedTracker lastUses = PatRuntime.of(session).lastUsed();
        int revoked = 0;
        for (PatRecord token : session.getProvider(PatStore.class).findUnusedSince(realm.getId(), before, UNUSED_BATCH)) {
            Long lastUse = lastUses.lastUsedAt(token);
            if (!Retention.isUnused(lastUse == null ? token.createdAt() : lastUse, now, policy)) {
                continue;
            }
            if (tokens.revoke(token, PatEvents.RevokedBy.UNUSED, null)) {
                revoked++;
            }
        }
        if (revoked > 0) {
            LOG.infof("Revoked %d personal access tokens of realm %s unused for %d days", (Object) revoked,
                    realm.getName(), policy.unusedRevokeDays());
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
                    (Object) deleted, realm.getName(), policy.expiredRetentionDays());
        }
        // rotated-away rows are kept (dead) to recognise reuse, as long as expired tokens are kept
        int rotated = session.getProvider(PatStore.class).deleteSupersededBefore(realmId, Retention.deleteExpiredBefore(now, policy));
        if (rotated > 0) {
            LOG.debugf("Deleted %d rotated-away personal access tokens of realm %s", (Object) rotated, realm.getName());
        }
        revokeUnused(session, realm, policy, now);
        new UnusedReminders(session, realm, policy).send(now);
        new ExpiryReminders(session, realm, policy).send(now);
    }
}

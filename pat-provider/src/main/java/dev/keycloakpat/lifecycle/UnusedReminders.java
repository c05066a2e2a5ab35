package dev.keycloakpat.lifecycle;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.notice.OwnerMail;
import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.service.TokenService;

/**
 * When the realm revokes unused tokens ({@code unusedRevokeDays}) and reminders are on ({@code notifyDaysBeforeExpiry}
 * above 0), e-mails owners a week before a token would be revoked for being unused ({@code pat-unused-reminder.ftl}),
 * once per period of non-use: the token is marked with the time of the reminder, and a use after it makes a later
 * period remind again. Tokens that expire before they would be revoked, and owners without an e-mail address (or
 * disabled), are marked without a mail. A failed send is retried on the next run.
 */
final class UnusedReminders {

    static final String TEMPLATE = "pat-unused-reminder.ftl";
    static final String SUBJECT = "patUnusedReminderSubject";
    private static final Logger LOG = Logger.getLogger(UnusedReminders.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final PatPolicy policy;

    UnusedReminders(KeycloakSession session, RealmModel realm, PatPolicy policy) {
        this.session = session;
        this.realm = realm;
        this.policy = policy;
    }

    void send(long now) {
        Long before = Retention.unusedRemindBefore(now, policy);
        if (before == null || policy.notifyDaysBeforeExpiry <= 0 || !Reminders.canMail(realm)) {
            return;
        }
        PatStore store = session.getProvider(PatStore.class);
        for (PatRecord token : store.findUnusedUnreminded(realm.getId(), before, ExpiryReminders.BATCH)) {
            Long lastUse = TokenService.lastUsed(token);
            long revokeAt = Retention.unusedRevokeAt(lastUse == null ? token.createdAt() : lastUse, policy);
            if ((lastUse != null && lastUse >= before) || revokeAt <= now) {
                continue; // used meanwhile on this node (not written yet): not due; or due for revocation instead
            }
            UserModel owner = token.isExpired(revokeAt) ? null : Reminders.recipient(session, realm, token);
            if (owner == null) {
                store.markUnusedNotified(token.id(), now);
                continue;
            }
            try {
                email(owner, token, revokeAt);
                store.markUnusedNotified(token.id(), now);
            } catch (EmailException e) {
                LOG.warnf("Could not send the unused-token reminder of token %s to user %s: %s; will retry",
                        token.displayPrefix(), owner.getId(), e.getMessage());
            }
        }
    }

    private void email(UserModel owner, PatRecord token, long revokeAt) throws EmailException {
        String days = String.valueOf(policy.unusedRevokeDays);
        String date = OwnerMail.date(revokeAt);
        String url = OwnerMail.tokensPage(OwnerMail.jobBase(realm), realm.getName());
        OwnerMail.send(session, realm, owner, TEMPLATE, SUBJECT,
                List.of(token.name(), token.displayPrefix(), days, date, url),
                Map.of("tokenName", token.name(), "tokenPrefix", token.displayPrefix(), "unusedDays", days,
                        "revokeAt", date, "accountUrl", url));
    }
}
